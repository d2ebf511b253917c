#!/usr/bin/env bash
# demo: tcp-transfer — 100 KiB sent with send(); the server reads it 1 KiB at a time
# Every byte the client sends arrives, and the server's total equals it.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

start server tcpserver -p 0 -n 1 -d "$(timer 0 0.001)"
ready server
start client tcpclient -p "$PORT" -s 102400 127.0.0.1
expect_exit client 0
expect_exit server 0

sent=$(awk '/^send into buffer/ { s += $4 } END { print s + 0 }' "$T/client.out")
[ "$sent" -eq 102400 ] || fail "client's send() calls add up to $sent, not 102400"
expect server '^1K read for 100$'
expect server '^client closed, 102400 bytes read$'
pass
