#!/usr/bin/env bash
# demo: abort — SO_LINGER {on, 0} then close(): one RST instead of the FIN exchange, the server's read() is reset, no TIME-WAIT
# The wire shows the RST and no FIN from the client. (abort.sh checks the
# same without tcpdump.) Needs tcpdump as root in a test.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

start server graceserver -p 0 -d "$(timer 0 5)"
ready server
wire "$PORT"
start client graceclient -p "$PORT" 127.0.0.1
send client data1
wait_for client '^Hi, data1$' "$(timer 5 15)"
send client abort

expect_exit client 0
expect_exit server 1
expect server '^error read: .* \(104\)$'
expect_wire "^client:[0-9]+ -> server:$PORT  \[RST"
expect_no_wire "^client:[0-9]+ -> server:$PORT  \[FIN"
expect_no_wire "^server:$PORT -> client:[0-9]+  \[FIN"
expect_no_ss "TIME-WAIT after the abort" state time-wait "( sport = :$PORT or dport = :$PORT )"
pass
