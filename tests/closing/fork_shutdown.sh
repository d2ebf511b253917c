#!/usr/bin/env bash
# demo: fork-shutdown — shutdown() ignores references: with a second process holding the socket (graceclient -F), `shutdown` sends the FIN at once and the server reads EOF
# Contrast fork_close.sh: the same fork, then shutdown(SHUT_WR). The FIN
# leaves before the server's reply is due, while both client processes
# still hold the socket (FIN-WAIT-2 on the client's port).
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
can_capture() { command -v tcpdump >/dev/null && [ "$(awk 'NR == 1 { print $2 }' /proc/self/uid_map)" = 0 ]; }

delay=$(timer 0.6 5) # the window in which the checks below look
[ -z "${VALGRIND:-}" ] || delay=2 # (under valgrind every ss and program is slow)
start server graceserver -p 0 -d "$delay"
ready server
if can_capture; then wire "$PORT"; fi
start client graceclient -p "$PORT" -F 127.0.0.1
wait_for client '^child [0-9]+ holds the socket too \(-F\)$'
child=$(sed -nE 's/^child ([0-9]+) holds.*/\1/p' "$T/client.out")
send client data1
wait_for server '^received 5 bytes: data1$'
cport=$(sed -nE 's/^connection from 127\.0\.0\.1:([0-9]+)$/\1/p' "$T/server.out")
send client shutdown

# Before the reply (due after -d): our FIN is out and acknowledged.
wait_ss "the client's FIN-WAIT-2" state fin-wait-2 "( sport = :$cport and dport = :$PORT )"
expect_ss "the server's CLOSE-WAIT" state close-wait "( sport = :$PORT and dport = :$cport )"
kill -0 "$child" 2>/dev/null || fail "the child holding the socket is gone"
running client || fail "graceclient ended before the reply"
expect_not client '^Hi, data1$'
expect_wire "^client:$cport -> server:$PORT  \[FIN" # (the capture's lines come late: checked last)

# The half-closed connection still carries the reply, then the server's FIN.
wait_for client '^Hi, data1$'
expect_exit client 0
expect client '^server terminated$'
expect_exit server 0
expect server '^client closed$'
pass
