#!/usr/bin/env bash
# Input piped from a file with no close/shutdown line: at the end of stdin
# graceclient shuts down its sending side and stops watching stdin, so it
# waits for the replies without spinning (its CPU time stays near zero).
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
no_valgrind "it measures CPU time"

start server graceserver -p 0 -d "$(timer 0.6 5)"
ready server
printf 'data1\n' >"$T/input"
IN=$T/input start client graceclient -p "$PORT" 127.0.0.1
wait_for client '^end of input: shutdown$'
wait_for server '^received 5 bytes: data1$'
still_running client 300 # waiting for the reply, due at 0.6 s
# A client that kept select()ing on the EOF stdin would have burnt ~1 s here.
ticks=$(cpu_ticks client)
note test "client CPU time while waiting: $ticks ticks"
[ "$ticks" -le 5 ] || fail "graceclient used $ticks ticks of CPU while waiting"

wait_for client '^Hi, data1$'
expect_exit client 0
expect client '^server terminated$'
expect_exit server 0
expect server '^client closed$'
pass
