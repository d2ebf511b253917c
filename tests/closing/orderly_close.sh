#!/usr/bin/env bash
# An orderly close: data1 answered, then close. The client's FIN, the
# server's EOF and FIN: the active closer (the client) holds TIME-WAIT on
# its port, the server has none. (Contrast close.sh: the RST leaves none.)
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

start server graceserver -p 0 -d "$(timer 0 5)"
ready server
start client graceclient -p "$PORT" -w "$(timer 0 6)" 127.0.0.1
send client data1
wait_for client '^Hi, data1$'
send client close

expect_exit server 0
expect server '^client closed$'
expect_exit client 0
cport=$(sed -nE 's/^connection from 127\.0\.0\.1:([0-9]+)$/\1/p' "$T/server.out")
expect_ss "the client's TIME-WAIT" state time-wait "( sport = :$cport and dport = :$PORT )"
expect_no_ss "TIME-WAIT on the server's port" state time-wait "( sport = :$PORT )"
pass
