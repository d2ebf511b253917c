#!/usr/bin/env bash
# Kernel keepalive (idle 1, interval 1, probes 1) against a peer that
# silently vanishes: with lo taken down, the probe gets no answer and the
# blocked read() fails with ETIMEDOUT about idle + interval x probes = 2 s
# after connect.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

[ -n "${_HARNESS_IN_NETNS:-}" ] || skip "needs a private network namespace (unshare -n) to take lo down safely"
start server keepaliveserver -p 0 -n 1
ready server
start client keepaliveclient -p "$PORT" -t 1 -i 1 -n 1 127.0.0.1
wait_for client '^connected, blocking in read$'
expect client '^keepalive on: idle 1 s, interval 1 s, probes 1$'
timers=$(ss -Htno state established "( dport = :$PORT )")
note ss "client socket: $timers"
[[ $timers == *timer:\(keepalive,* ]] || fail "ss shows no keepalive timer on the client socket"

ip link set lo down || fail "cannot take lo down in the namespace"
note test "lo is down: the server's kernel can no longer answer"
expect_exit client 1 10
expect client '^read failed [0-9.]+ s after connect: .* \(110\)$'
secs=$(sed -nE 's/^read failed ([0-9.]+) s after connect: .*/\1/p' "$T/client.out")
awk -v s="$secs" 'BEGIN { exit !(s >= 1.5 && s <= 8) }' || fail "ETIMEDOUT after $secs s, expected 1.5..8 s"
pass
