#!/usr/bin/env bash
# Ctrl-Z then fg changes nothing: both programs stopped and continued while
# blocked (the client in select(), the server in read() and in its -d
# sleep) finish the conversation as if nothing happened.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

start server graceserver -p 0 -d "$(timer 0.3 5)"
ready server
start client graceclient -p "$PORT" 127.0.0.1
wait_for server '^connection from'
for side in client server; do # both blocked, waiting for input
    stop $side STOP
    stopped $side
    stop $side CONT
done
send client data1
wait_for server '^received 5 bytes: data1$'
stop server STOP # in its 0.3 s sleep
stopped server
stop server CONT
wait_for client '^Hi, data1$'
send client data2 shutdown
wait_for client '^Hi, data2$'
expect_exit client 0
expect_exit server 0
expect client '^server terminated$'
expect server '^client closed$'
expect_not client 'failed'
expect_not server 'failed|error'
pass
