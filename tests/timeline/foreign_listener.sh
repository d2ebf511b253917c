#!/usr/bin/env bash
# The state tracepoints are host-wide: a listener opened on the same port in
# another network namespace, while this one has its own, shows as
# `CLOSED -> LISTEN` too. tests/wirecap keeps a listener's lines only when
# the task that called listen() (or closed the listener) lives in this
# namespace: the other namespace's server, started and stopped in the
# middle of the capture, leaves no line; this namespace's own listener's
# close does.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
start server graceserver -p 0 -n 1 -d 0
ready server
wire "$PORT"
has_states || skip "no state lines: $(grep -E '^# no state lines' "$T/wire.out")"
netns_new OTHER || skip "cannot create a second network namespace"

# the same port, another namespace: a listener that comes and goes
start fserver "$(command -v nsenter)" --net="/proc/$OTHER/ns/net" "$BIN/graceserver" -p "$PORT" -n 1 -d 0
ready fserver
stop fserver
wait_exit fserver
# and this namespace's own server: one client, then it ends (-n 1)
start client graceclient -p "$PORT" 127.0.0.1
send client shutdown
expect_exit client 0
expect_exit server 0
expect_state "^server:$PORT  LISTEN -> CLOSED$"
expect_no_state "CLOSED -> LISTEN"
expect_count state "^server:$PORT  LISTEN -> CLOSED$" 1
note test "the other namespace's listener on port $PORT: no line; this one's close: one line"
pass
