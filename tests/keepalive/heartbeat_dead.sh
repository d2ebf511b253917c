#!/usr/bin/env bash
# demo: heartbeat-dead — the server sleeps before each PONG: probes #1..#3 go unanswered, then `connection dead`
# A server slower than idle + interval x probes: the client declares the
# connection dead, exit 1, about t + i*n seconds after it connected.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

start server pingserver -p 0 -n 1 "$(timer 5 30)"
ready server
t0=$(now_ms)
start client pingclient -p "$PORT" -t "$(timer 0.2 10)" -i "$(timer 0.2 3)" -n 3 127.0.0.1
expect_exit client 1 "$(timer 10 30)"
elapsed=$(($(now_ms) - t0))
note test "connection declared dead after $elapsed ms (t + i*n = $(timer 0.8 19) s)"

for i in 1 2 3; do expect client "^sending heartbeat #$i\$"; done
expect_not client '^sending heartbeat #4$'
expect_not client '^received heartbeat'
expect client '^connection dead$'
lo=$(timer 700 18500) hi=$(timer 2300 22000)
[ "$elapsed" -ge "$lo" ] || fail "dead after $elapsed ms, before $lo"
# Under valgrind the programs start seconds late: only the lower bound holds.
[ -n "${VALGRIND:-}" ] || [ "$elapsed" -le "$hi" ] || fail "dead after $elapsed ms, expected $lo..$hi"
pass
