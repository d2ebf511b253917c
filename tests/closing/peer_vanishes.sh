#!/usr/bin/env bash
# The server is killed mid-conversation: its kernel still closes the
# connection with a FIN, and the client reports it and exits 1.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

start server graceserver -p 0 -d "$(timer 5 5)"
ready server
start client graceclient -p "$PORT" 127.0.0.1
send client data1
wait_for server '^received 5 bytes: data1$'
stop server KILL
expect_exit server 137
expect_exit client 1
expect client '^server terminated$'
expect_not client '^Hi,'
pass
