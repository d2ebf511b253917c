#!/usr/bin/env bash
# data1, data2, then shutdown: only the client's sending side ends (FIN).
# The replies still arrive, one per server delay, then the server's own FIN.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

start server graceserver -p 0 -d "$(timer 0.3 5)"
ready server
start client graceclient -p "$PORT" 127.0.0.1
wait_for client "^connected to 127\.0\.0\.1:$PORT\$" # not a silent prompt
t0=$(now_ms)
send client data1
wait_for server '^received 5 bytes: data1$'
send client data2 shutdown

wait_for client '^Hi, data1$'
t1=$(now_ms)
wait_for client '^Hi, data2$'
t2=$(now_ms)
expect_exit client 0
expect client '^server terminated$'
expect_exit server 0
expect_count server '^send bytes: 9$' 2
expect server '^client closed$'
note test "replies seen $((t1 - t0)) ms and $((t2 - t0)) ms after data1 was typed"
# One reply per server delay: data2's reply cannot come before two delays
# (0.6 s) after data1 was typed. (Seeing a line late only adds to t2, so a
# loaded machine cannot fail this; a server answering both after one delay
# would.)
[ $((t2 - t0)) -ge 550 ] || fail "Hi, data2 came $((t2 - t0)) ms after data1, before two delays"
pass
