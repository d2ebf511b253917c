#!/usr/bin/env bash
# demo: tcp-slow-reader — send() returns when the data is in the kernel's buffer, not when it is read
# A large transfer to a slow reader: the client's sends complete and it exits
# while the server is still reading the buffered bytes.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

bytes=262144
start server tcpserver -p 0 -n 1 -d "$(timer 2000 20000)"
ready server
start client tcpclient -p "$PORT" -s $bytes 127.0.0.1
expect_exit client 0

# The client is gone; the server has not reached the end of the data yet.
running server || fail "server finished before the client exited"
expect_not server '^connection closed'
reads=$(grep -c '^1K read for' "$T/server.out")
[ "$reads" -lt 256 ] || fail "server had already read all 256 records"
note test "client exited after the server had read $reads of 256 KiB"

expect_exit server 0 30
expect server "^connection closed, $bytes bytes read$"
pass
