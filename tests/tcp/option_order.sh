#!/usr/bin/env bash
# Options may come after the positional argument, as in the notes' habit of
# typing the address first: `tcpclient 127.0.0.1 -p PORT -s 10`; a trailing
# option without its value is named; output errors end the program.
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

# Output that cannot be written is an error (exit 1), not a silent success:
# -h to a full disk, and a client whose stdout is full stops before sending.
start fullhelp /bin/bash -c 'exec "$0" -h >/dev/full' "$BIN/tcpserver"
expect_exit fullhelp 1
expect fullhelp '^stdout failed'
start server tcpserver -p 0 -n 1 -d 0
ready server
start fullclient /bin/bash -c 'exec "$0" -p "$1" -s 10 127.0.0.1 >/dev/full' "$BIN/tcpclient" "$PORT"
expect_exit fullclient 1
expect fullclient '^stdout failed'
pass
