#!/usr/bin/env bash
# data1, data2, then close: the client gives up both directions at once.
# The server's first reply is still accepted by its kernel (the client's
# kernel answers it with RST), the server still reads data2, and its second
# reply fails with EPIPE. The RST leaves no TIME-WAIT behind.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

start server graceserver -p 0 -d "$(timer 0.3 5)"
ready server
start client graceclient -p "$PORT" -w "$(timer 0.3 6)" 127.0.0.1
send client data1
wait_for server '^received 5 bytes: data1$'
send client data2
wait_for client '^now sending data2$'
send client close

expect_exit server 1 10
expect server '^received 5 bytes: data2$'
expect_count server '^send bytes: 9$' 1
expect server '^error write: .* \(32\)$'
expect_exit client 0
expect_count client '^send bytes: 5$' 2
expect_not client '^Hi,'
expect_no_ss "TIME-WAIT after the RST" state time-wait "( sport = :$PORT or dport = :$PORT )"
pass
