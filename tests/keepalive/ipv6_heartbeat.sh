#!/usr/bin/env bash
# demo: heartbeat-ipv6 — the heartbeat over IPv6 (pingserver -6, pingclient ::1): PING answered at once, the counter back to 0, the connection lives
# The same transcript as keepalive.heartbeat, the peer printed as [::1]:N
# and the connection established between [::1] ports.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
no_valgrind "it counts heartbeats in a time window"
"$BIN/make_socket" -6 -p 0 >/dev/null 2>"$T/v6" || skip "no IPv6 here: $(cat "$T/v6")"

start server pingserver -6 -p 0 0
ready server
expect server "^listening on \[::\]:$PORT\$"
start client pingclient -p "$PORT" -t "$(timer 0.2 10)" -i "$(timer 0.2 3)" -n 3 ::1
wait_for server '^connection from \[::1\]:[0-9]+$'
wait_for client '^sending heartbeat #1$' "$(timer 3 15)"
wait_for client '^received heartbeat, make heartbeats to 0$'
still_running client "$(timer 500 12000)" # PINGs at 0.2, 0.4, 0.6 s

pings=$(grep -c '^sending heartbeat #1$' "$T/client.out")
pongs=$(grep -c '^received heartbeat, make heartbeats to 0$' "$T/client.out")
[ "$pings" -ge 2 ] || fail "only $pings heartbeats in the run"
[ "$pongs" -ge $((pings - 1)) ] || fail "$pings heartbeats sent but only $pongs answered"
expect_not client '^sending heartbeat #2$'
expect_not client 'connection dead'
expect_ss "the connection over ::1, still established" state established "( dst [::1]:$PORT )"
pass
