#!/usr/bin/env bash
# demo: udp-server-restart — the server is stopped and restarted; the same running clients carry on
# The notes' run: two clients (g1..g4), Ctrl-C on the server ("received 4
# datagrams"), a new server on the same port, and the next datagrams of both
# clients (g5, g6) are answered: UDP has no connection to lose. (A TCP
# client would have to connect again: see udp/README.md.)
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

start server udpserver -p 0
ready server
start c1 udpclient -p "$PORT" 127.0.0.1
start c2 udpclient -p "$PORT" 127.0.0.1
for turn in c1:g1 c2:g2 c1:g3 c2:g4; do
    send "${turn%%:*}" "${turn#*:}"
    wait_for "${turn%%:*}" "^Hi, ${turn#*:}\$"
done
stop server INT
expect_exit server 0
expect server '^received 4 datagrams$'

# No server at all for a while: the clients neither notice nor care.
still_running c1 "$(timer 200 2000)"
running c2 || fail "client 2 ended with the server"
[ -z "$(ss -Huan "( sport = :$PORT )")" ] || fail "port $PORT still bound"

start server2 udpserver -p "$PORT" # the same port, at once: UDP has no TIME_WAIT
ready server2
send c1 g5 && wait_for c1 '^Hi, g5$'
send c2 g6 && wait_for c2 '^Hi, g6$'
stop server2 INT
expect_exit server2 0
expect server2 '^received 2 bytes: g5$'
expect server2 '^received 2 bytes: g6$'
expect server2 '^received 2 datagrams$'
pass
