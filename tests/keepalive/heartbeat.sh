#!/usr/bin/env bash
# demo: heartbeat — PING after an idle spell, PONG at once: the counter goes back to 0, the connection lives
# pingserver answers every PING at once (sleepingtime 0): each heartbeat is
# answered, the count never passes #1, and the client keeps running.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
no_valgrind "it counts heartbeats in a time window"

start server pingserver -p 0 0
ready server
start client pingclient -p "$PORT" -t "$(timer 0.2 10)" -i "$(timer 0.2 3)" -n 3 127.0.0.1
wait_for client "^connected, first heartbeat in $(timer 0.2 10) s\$" # the silence explained
wait_for client '^sending heartbeat #1$' "$(timer 3 15)"
wait_for client '^received heartbeat, make heartbeats to 0$'
still_running client "$(timer 700 12000)" # about 0.9 s (22 s in the demo) in all: PINGs at 0.2, 0.4, 0.6, 0.8 s

pings=$(grep -c '^sending heartbeat #1$' "$T/client.out")
[ "$pings" -ge "$(timer 3 2)" ] || fail "only $pings heartbeats in the run"
pongs=$(grep -c '^received heartbeat, make heartbeats to 0$' "$T/client.out")
[ "$pongs" -ge $((pings - 1)) ] || fail "$pings heartbeats sent but only $pongs answered"
expect_not client '^sending heartbeat #2$'
expect_not client 'connection dead'
wait_for server '^received PING, sending PONG in 0 s$'
expect_ss "the connection, still established" state established "( dport = :$PORT )"
pass
