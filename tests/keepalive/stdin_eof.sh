#!/usr/bin/env bash
# stdin at EOF (</dev/null): the client stops watching stdin, so select()
# sleeps until the socket or the timer: heartbeats go out on time and the
# CPU time stays near zero (the classic listing spins on the closed stdin).
# With -t 0.8 -i 0.2 the PONG must reset the timer to idle (next PING at
# 1.6 s), not to interval (1.0 s): one look at ~1.3 s tells them apart.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
no_valgrind "it measures CPU time"

start server pingserver -p 0 0
ready server
IN=/dev/null start client pingclient -p "$PORT" -t 0.8 -i 0.2 -n 3 127.0.0.1
wait_for client '^end of input, heartbeats only$'
wait_for client '^sending heartbeat #1$' 3
wait_for client '^received heartbeat, make heartbeats to 0$'
still_running client 500 # to ~1.3 s: the next PING is due at 1.6 s (1.0 s if the PONG set interval)

pings=$(grep -c '^sending heartbeat #1$' "$T/client.out")
[ "$pings" -eq 1 ] || fail "$pings heartbeats in 1.3 s with -t 0.8: the PONG did not reset the idle timer"
ticks=$(cpu_ticks client)
note test "client CPU time after ~1.3 s: $ticks ticks of 1/$(getconf CLK_TCK) s"
[ "$ticks" -le 10 ] || fail "client used $ticks ticks of CPU while idle: it spins"
pass
