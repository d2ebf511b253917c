#!/usr/bin/env bash
# The peer vanishes: pingclient and keepaliveclient report a server that
# closes (killed) and one that was never there, and exit 1 without a crash.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

start server pingserver -p 0 0
ready server
start client pingclient -p "$PORT" -t 1 127.0.0.1
wait_for server '^connection from '
stop server
expect_exit client 1
expect client '^server terminated$'

# Nobody listens on that port any more.
start client pingclient -p "$PORT" 127.0.0.1
expect_exit client 1
expect client '^connect failed: .* \(111\)$'
start client keepaliveclient -p "$PORT" -t 1 127.0.0.1
expect_exit client 1
expect client '^connect failed: .* \(111\)$'
pass
