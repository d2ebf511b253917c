#!/usr/bin/env bash
# demo: tcp-refused — connect() to a port nobody listens on: the peer answers RST
# No server: connect fails with ECONNREFUSED and the client exits 1, with a
# hint naming the address it tried.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

# make_socket binds a kernel-chosen port and closes it: nothing listens there.
start probe make_socket -p 0
ready probe
expect_exit probe 0

start client tcpclient -p "$PORT" 127.0.0.1
expect_exit client 1
expect client "^connecting to 127\.0\.0\.1:$PORT \.\.\.\$"
expect client '^connect failed: .* \(111\)$' # ECONNREFUSED (61 on macOS)
# The notes' line, then where it tried and what to do about it.
expect client "^hint: nothing listens on 127\.0\.0\.1:$PORT: start the server first, or check -p\$"
expect_not client '^send into buffer'
pass
