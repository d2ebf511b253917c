#!/usr/bin/env bash
# demo: mux-fd-setsize — 1100 connections to selectserver: those whose descriptor is at or above FD_SETSIZE (1024) are refused with a line, the rest and an active client are served
# An fd_set holds descriptors 0..1023 (FD_SETSIZE): selectserver refuses
# (closes at once, one line) a connection whose descriptor is 1024 or more,
# and keeps serving the others. loadclient opens 1 active and 1100 idle
# connections; the server's side holds exactly those accepted below 1024
# (ss), the refused ones are closed, and the active client's requests are
# all answered.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
no_valgrind "1100 connections"

# Room for 1100 connections on each side (soft limit, up to the hard one).
ulimit -n 4096 2>/dev/null || skip "cannot raise the open-file limit to 4096 (hard limit $(ulimit -Hn))"

start server selectserver -p 0
ready server
start load loadclient -p "$PORT" -i 1100 -a 1 -s 64 -d "$(timer 0.3 3)" -t 3 127.0.0.1
wait_count server '^refused 127\.0\.0\.1:[0-9]+: fd [0-9]+ >= FD_SETSIZE \(1024\) \([0-9]+ clients\)$' 1 10
expect server '^refused 127\.0\.0\.1:[0-9]+: fd 1024 >= FD_SETSIZE \(1024\)'
expect server '^connection from 127\.0\.0\.1:[0-9]+ \(fd 1023, [0-9]+ clients\)$'
# Every connection either served or refused: then freeze loadclient and
# look at the kernel before it closes them.
lines() { [ $(($(grep -c '^connection from ' "$T/server.out") + $(grep -c '^refused ' "$T/server.out"))) = 1101 ]; }
wait_true "1101 connections accepted or refused" lines
stop load STOP
stopped load
accepted=$(grep -c '^connection from ' "$T/server.out")
refused=$(grep -c '^refused ' "$T/server.out")
held=$(ss -Htn state established "( sport = :$PORT )" | wc -l)
note ss "the server's side holds $held connections; $accepted accepted, $refused refused"
[ "$held" = "$accepted" ] || fail "ss shows $held connections on the server's side, the server accepted $accepted"
[ "$refused" -ge 70 ] || fail "only $refused refused"
expect_not server '\(fd (102[4-9]|10[3-9][0-9]|1[1-9][0-9][0-9]), '
stop load CONT
expect_exit load 0 10
expect load "^idle 1100: $((accepted - 1)) answered, $refused closed by the server, 0 unanswered\$"
expect load '^requests [1-9][0-9]* in '
running server || fail "selectserver ended"
stop server
expect_exit server 0
expect server "^served $accepted clients, [0-9]+ reads; CPU "
pass
