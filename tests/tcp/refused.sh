#!/usr/bin/env bash
# demo: tcp-refused — connect() to a port nobody listens on: the peer answers RST
# No server: connect fails with ECONNREFUSED and the client exits 1.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

# make_socket binds a kernel-chosen port and closes it: nothing listens there.
start probe make_socket -p 0
ready probe
expect_exit probe 0

start client tcpclient -p "$PORT" 127.0.0.1
expect_exit client 1
expect client '^connect failed: Connection refused \(111\)$'
expect_not client '^send into buffer'
pass
