#!/usr/bin/env bash
# demo: reuseaddr-established — a new server binds the port while the old one's accepted connection is still ESTABLISHED there: with SO_REUSEADDR (addressused2) it works, without (addressused) bind fails with EADDRINUSE (98)
# The notes (重用套接字) say a restart fails while a connection on the
# port is still alive. The old server here is still running and talking to
# its client; only its listener is closed (it serves one client). Linux
# ignores every non-LISTEN socket on the port when both have SO_REUSEADDR.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

start old addressused2 -p 0
ready old
start client graceclient -p "$PORT" 127.0.0.1
send client network
wait_for old '^received 7 bytes: network$'
expect_ss "the old server's connection" state established "( sport = :$PORT )"
expect_no_ss "a listener on the port" state listening "( sport = :$PORT )"
start new addressused2 -p "$PORT"
ready new
expect new "^listening on 0\.0\.0\.0:$PORT\$"
expect_ss "the new listener" state listening "( sport = :$PORT )"
expect_ss "the old connection, still ESTABLISHED" state established "( sport = :$PORT )"
send client good # the old conversation goes on
wait_for old '^received 4 bytes: good$'
send client shutdown
expect_exit client 0
expect_exit old 0
stop new INT
expect_exit new 130

start old addressused -p 0 # the same without the option
ready old
start client graceclient -p "$PORT" 127.0.0.1
send client network
wait_for old '^received 7 bytes: network$'
expect_no_ss "a listener on the port" state listening "( sport = :$PORT )"
start new addressused -p "$PORT"
expect_exit new 1
expect new '^bind failed: .* \(98\)$'
expect new "^hint: 0\.0\.0\.0:$PORT is taken: by a running server \(ss -ltunp '\( sport = :$PORT \)'\)"
running old || fail "the old server ended"
send client shutdown
expect_exit client 0
expect_exit old 0
pass
