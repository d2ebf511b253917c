#!/usr/bin/env bash
# graceserver -P leaves SIGPIPE at its default, as the notes' first run:
# the write to the reset connection kills the server (141 = 128 + SIGPIPE)
# instead of failing with EPIPE.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

start server graceserver -p 0 -d "$(timer 0.3 5)" -P
ready server
start client graceclient -p "$PORT" -w 0 127.0.0.1
send client data1
wait_for server '^received 5 bytes: data1$'
send client data2 close

expect_exit server 141 10
expect server '^received 5 bytes: data2$'
expect_count server '^send bytes: 9$' 1
expect_not server '^error write'
expect_exit client 0
pass
