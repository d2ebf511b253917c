#!/usr/bin/env bash
# Data and heartbeats mixed: stdin lines `type1`/`type2` send MSG_TYPE1 and
# MSG_TYPE2, which the server processes; other lines, and a line longer than
# the client's buffer, are rejected with a message and nothing is sent. A
# last line without a newline (`printf type2 | pingclient ...`) is still a
# command, run at EOF. Decimal timers (-t 0.3 -i 0.2) keep the run short.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

pong='^received heartbeat, make heartbeats to 0$'
start server pingserver -p 0 -n 1 0
ready server
start client pingclient -p "$PORT" -t 0.3 -i 0.2 -n 3 127.0.0.1
send client type1
wait_for server '^process MSG_TYPE1$'
wait_for client "$pong"
send client type2 bogus "$(printf 'x%.0s' {1..5000})" type1
wait_for server '^process MSG_TYPE2$'
wait_for client "^unknown command 'bogus' \(type1 or type2\)$"
wait_for client '^line longer than 4096 bytes ignored$'
wait_for client '^sending MSG_TYPE1$'
wait_count server '^process MSG_TYPE1$' 2

printf 'type2' >"$T/last" # no newline: the end of input completes the line
send_raw client "$T/last"
eof client # EOF on stdin does not end the client: heartbeats go on
wait_for client '^end of input, heartbeats only$'
wait_count server '^process MSG_TYPE2$' 2
expect_count client '^sending MSG_TYPE2$' 2
expect_count server '^process MSG_TYPE1$' 2
expect_count server '^process MSG_TYPE2$' 2
expect_not server 'unknown message type'

pongs=$(grep -c "$pong" "$T/client.out")
wait_count client "$pong" $((pongs + 1)) # a heartbeat answered after the EOF
running client || fail "client ended (status $(cat "$T/client.rc")) after EOF on stdin"
expect_not client 'connection dead'
pass
