#!/usr/bin/env bash
# Kernel keepalive against a live but idle peer: its kernel answers every
# probe, so the connection outlives idle + probes x interval (1 + 1 x 1 =
# 2 s, when a silent peer would be declared dead) with no error; when the
# server is stopped, the client sees a normal close.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

start server keepaliveserver -p 0 -n 1
ready server
start client keepaliveclient -p "$PORT" -t 1 -i 1 -n 1 127.0.0.1
wait_for client '^connected, blocking in read$'
still_running client 2300 # past idle 1 s + 1 probe x 1 s: probes at 1 s and 2 s answered

line=$(ss -Htno state established "( dport = :$PORT )")
note ss "client socket after 2.3 s: $line"
# ss prints the time left oddly: 700ms, 1.492ms (= 1.492 s), 2sec.
[[ $line =~ timer:\(keepalive,[0-9.]+(ms|sec),0\) ]] || fail "expected a keepalive timer with 0 unanswered probes"
expect_not client 'failed'

stop server
expect_exit client 0
expect client '^server closed the connection [0-9.]+ s after connect$'
pass
