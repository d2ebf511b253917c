#!/usr/bin/env bash
# demo: linger-timeout — SO_LINGER {on, 1 s} and a server that never reads: close() gives up after 1 s and returns 0 (not EWOULDBLOCK); nothing goes on the wire then, the orphaned socket keeps its data and FIN queued and delivers them once the server reads
# Measured on Linux 6.x (see closing/README.md): the timeout only ends the
# wait. close() returns 0; no RST, no FIN at that moment; the socket, now
# owned by no process, stays in FIN-WAIT-1 with its Send-Q and delivers
# everything when the window opens: nothing is discarded (unlike abort).
# A small receive buffer is set below, so even a demo runs in its own
# network namespace (the harness gives tests one anyway).
NETNS=always # what it changes stays in a namespace of its own, demo mode too
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
can_capture() { command -v tcpdump >/dev/null && [ "$(awk 'NR == 1 { print $2 }' /proc/self/uid_map)" = 0 ]; }
sysctl -qw net.ipv4.tcp_rmem="4096 4096 4096" || skip "cannot set tcp_rmem here"

start server graceserver -p 0 -d 0 -L
ready server
if can_capture; then wire "$PORT"; fi
start client graceclient -p "$PORT" -l 1 -w 0 127.0.0.1
wait_for server '^connection from'
stop server STOP
stopped server
head -c 3000 /dev/zero | tr '\0' x >"$T/big"
echo >>"$T/big"
send_raw client "$T/big"
wait_for client '^send bytes: 3000$'
send client close

wait_for client '^close\(\) returned 0 after [0-9.]+ s$' 5
expect_exit client 0
took=$(sed -nE 's/^close\(\) returned 0 after ([0-9.]+) s$/\1/p' "$T/client.out")
note test "close() returned 0 after $took s (SO_LINGER 1 s, the server never read)"
awk -v t="$took" 'BEGIN { exit !(t >= 0.95 && t < 3) }' || fail "close() took $took s"
expect_not client 'close failed'
# The process is gone; its socket is not: FIN-WAIT-1, data and FIN queued.
out=$(ss -Htan state fin-wait-1 "( dport = :$PORT )")
note ss "the orphaned client socket: ${out:-(none)}"
[ -n "$out" ] || fail "no FIN-WAIT-1 socket after the linger timeout"
[ "$(awk '{ print $2 }' <<<"$out")" -gt 0 ] || fail "its Send-Q is empty: $out"
expect_no_wire "^client:[0-9]+ -> server:$PORT  \[.*(FIN|RST)"

stop server CONT # now the orphan delivers the rest and its FIN
expect_exit server 0
expect server '^received 3000 bytes: x+$'
expect server '^client closed$'
expect_wire "^client:[0-9]+ -> server:$PORT  \[FIN"
pass
