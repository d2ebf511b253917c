#!/usr/bin/env bash
# abort: SO_LINGER {on, 0} then close() sends RST instead of FIN. The server,
# blocked in read(), gets ECONNRESET; nobody goes through TIME-WAIT.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

start server graceserver -p 0 -d "$(timer 0 5)"
ready server
start client graceclient -p "$PORT" 127.0.0.1
send client data1
wait_for client '^Hi, data1$'
send client abort

expect_exit client 0
expect_exit server 1
expect server '^error read: .* \(104\)$'
expect_not server '^client closed$'
expect_no_ss "TIME-WAIT after the abort" state time-wait "( sport = :$PORT or dport = :$PORT )"
pass
