#!/usr/bin/env bash
# Options may come after the positional argument, as in the notes' habit of
# typing the address first: `tcpclient 127.0.0.1 -p PORT -s 10`.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

start server tcpserver -p 0 -n 1 -d 0
ready server
start client tcpclient 127.0.0.1 -p "$PORT" -s 10
expect_exit client 0
expect client '^send into buffer 10$'
expect_exit server 0
expect server '^client closed, 10 bytes read$'

start help tcpclient 127.0.0.1 -h
expect_exit help 0
expect help '^usage: tcpclient'
start late make_socket -p 0 extra
expect_exit late 2

# A trailing option without its value does not swallow the address.
start novalue tcpclient 127.0.0.1 -p
expect_exit novalue 2
expect novalue '^option -p needs a value$'
expect_not novalue 'invalid port'
pass
