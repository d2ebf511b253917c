#!/usr/bin/env bash
# demo: linger — SO_LINGER {on, 2 s}: close() blocks until the server has acknowledged our data and FIN; the stopped server reads again after 0.3 s and close() returns 0 then
# The notes (优化 TIME_WAIT → SO_LINGER): with l_linger > 0 close() waits
# until the queued data is sent and acknowledged, or the time runs out.
# To have data queued, the server is stopped and its receive buffer is
# made small (tcp_rmem in this namespace), so part of the 3000 bytes waits
# in the client's send queue; graceserver -L answers only at a newline or
# EOF, so no reply races the close.
# A small receive buffer is set below, so even a demo runs in its own
# network namespace (the harness gives tests one anyway).
NETNS=always # what it changes stays in a namespace of its own, demo mode too
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
can_capture() { command -v tcpdump >/dev/null && [ "$(awk 'NR == 1 { print $2 }' /proc/self/uid_map)" = 0 ]; }
sysctl -qw net.ipv4.tcp_rmem="4096 4096 4096" || skip "cannot set tcp_rmem here"

start server graceserver -p 0 -d 0 -L
ready server
if can_capture; then wire "$PORT"; fi
start client graceclient -p "$PORT" -l 2 -w 0 127.0.0.1
wait_for server '^connection from'
stop server STOP
stopped server
head -c 3000 /dev/zero | tr '\0' x >"$T/big"
echo >>"$T/big"
send_raw client "$T/big"
wait_for client '^send bytes: 3000$'
wait_true "data waits in the client's send queue" \
    bash -c "ss -Htan state established '( dport = :$PORT )' | awk '\$2 > 0 { f = 1 } END { exit !f }'"
send client close
wait_for client '^close\(\) lingers up to 2 s \(-l\)$'
still_running client 300 # close() is still waiting for the ACK
expect_no_wire "^client:[0-9]+ -> server:$PORT  \[.*FIN"
stop server CONT # the server reads: the window opens, the rest and the FIN go out

wait_for client '^close\(\) returned 0 after [0-9.]+ s$'
expect_exit client 0
took=$(sed -nE 's/^close\(\) returned 0 after ([0-9.]+) s$/\1/p' "$T/client.out")
note test "close() took $took s (SO_LINGER 2 s, the server resumed after ~0.3 s)"
awk -v t="$took" 'BEGIN { exit !(t >= 0.25 && t < 2) }' || fail "close() took $took s"
expect_wire "^client:[0-9]+ -> server:$PORT  \[FIN"
expect_exit server 0
expect server '^received 3000 bytes: x+$'
expect server '^client closed$'
pass
