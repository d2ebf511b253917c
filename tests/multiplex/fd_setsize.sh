#!/usr/bin/env bash
# demo: mux-fd-setsize — selectserver with descriptors up to 1015 in use, then 40 connections: those whose descriptor is at or above FD_SETSIZE (1024) are refused with a line, the rest and an active client are served
# An fd_set holds descriptors 0..1023 (FD_SETSIZE): selectserver refuses
# (closes at once, one line) a connection whose descriptor is 1024 or more,
# and keeps serving the others. The server starts with descriptors 10..1015
# already open (inherited on /dev/null, as a server with many files open
# would have them), so a few connections take it to 1024, not a thousand.
# A client connects first (it gets a low descriptor), then loadclient opens
# 40 idle connections and holds them: the server's side holds exactly
# those accepted below 1024 (ss), the rest were refused (loadclient: closed
# by the server), and the first client is still answered.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

# Room for 1040 descriptors (soft limit, up to the hard one).
ulimit -Sn 4096 2>/dev/null || skip "cannot raise the open-file limit to 4096 (hard limit $(ulimit -Hn))"
# held N: the server's side holds N established connections.
held() { [ "$(ss -Htn state established "( sport = :$PORT )" | wc -l)" = "$1" ]; }

# Hold descriptors 10..1015 (bash's {fd} takes the lowest free from 10) while
# the server starts: it inherits them, and its sockets get the rest.
fds=()
while exec {fd}</dev/null && fds+=("$fd") && [ "$fd" -lt 1015 ]; do :; done
start server selectserver -p 0 -q # -q: no line per connection; refusals still print
for fd in "${fds[@]}"; do exec {fd}<&-; done # (the server keeps its copies)
ready server
start c graceclient -p "$PORT" -w 0 127.0.0.1
send c before
wait_for c '^before$'
start load loadclient -p "$PORT" -i 40 -a 0 -d "$(timer 10 10)" -t 10 127.0.0.1
wait_for load "^idle 40: " 20
[[ $MATCHED =~ ^idle\ 40:\ ([0-9]+)\ answered,\ ([0-9]+)\ closed\ by\ the\ server,\ 0\ unanswered$ ]] ||
    fail "loadclient: $MATCHED"
accepted=${BASH_REMATCH[1]} refused=${BASH_REMATCH[2]}
[ "$refused" -ge 20 ] || fail "only $refused refused"
wait_count server '^refused 127\.0\.0\.1:[0-9]+: fd [0-9]+ >= FD_SETSIZE \(1024\) \([0-9]+ clients\)$' "$refused"
expect server "^refused 127\\.0\\.0\\.1:[0-9]+: fd 1024 >= FD_SETSIZE \\(1024\\) \\($((accepted + 1)) clients\\)\$"
# The kernel's view: the first client and the accepted idle ones, no more.
wait_true "$((accepted + 1)) connections on the server's side" held $((accepted + 1))
note ss "the server's side holds $((accepted + 1)) connections; $refused refused"
# The first client is still answered, with the others connected.
send c during
wait_for c '^during$'
kill -TERM "$(pid_of load)" # enough: its idle connections close
expect_exit load 143
send c close
expect_exit c 0
running server || fail "selectserver ended"
stop server
expect_exit server 0
expect server "^served $((accepted + 1)) clients, [0-9]+ reads; CPU "
pass
