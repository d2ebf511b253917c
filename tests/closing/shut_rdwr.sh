#!/usr/bin/env bash
# demo: shut-rdwr — shutdown(SHUT_RDWR) sends the FIN like close() but ignores the reference count (a forked child still holds the socket) and leaves the descriptor open: a write then fails with EPIPE (32), not EBADF
# graceclient -F forks a child that holds the socket until the parent
# exits (closing.fork_close: there `close` sends no FIN). `shutrdwr` shuts
# both directions of the connection itself: the FIN leaves at once, the
# server reads EOF and closes, while two processes still hold descriptors.
# The parent's descriptor is still valid: write() fails with EPIPE (32)
# (EBADF, 9, would mean it was closed), read() returns 0 at once.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

start server graceserver -p 0 -d 0
ready server
wire "$PORT"
start client graceclient -p "$PORT" -F 127.0.0.1
wait_for client '^child [0-9]+ holds the socket too \(-F\)$'
child=$(sed -nE 's/^child ([0-9]+) holds.*/\1/p' "$T/client.out")
send client data1
wait_for client '^Hi, data1$'
cport=$(sed -nE 's/^connection from 127\.0\.0\.1:([0-9]+)$/\1/p' "$T/server.out")
c="client:$cport" s="server:$PORT"

send client shutrdwr
wait_for client '^shutdown\(SHUT_RDWR\)$'
expect client '^write after shutdown\(SHUT_RDWR\) failed: .* \(32\)$'
expect client '^read returned 0: our reading side is shut down$'
expect_wire "^$c -> $s  \[FIN,ACK\] len 0$"
expect server '^client closed$'
expect_exit server 0
expect_exit client 0
expect_no_wire "RST"
expect_ss "the client's TIME-WAIT entry (a normal close)" state time-wait "( sport = :$cport and dport = :$PORT )"
# The FIN left while the child still held the socket: it was the first in
# the timeline, before the parent's exit (the child ends only then).
fin=$(awk -F '\t' -v re="^$c -> $s  \\\\[FIN" '$2 == "wire" && $3 ~ re { print $1; exit }' "$T/timeline")
gone=$(awk -F '\t' '$2 == "client" && $3 ~ /^\(exit status/ { print $1; exit }' "$T/timeline")
[ -n "$fin" ] && [ -n "$gone" ] && [ "$fin" -lt "$gone" ] || fail "the FIN did not leave before the client's processes ended"
note test "the FIN left $(((gone - fin) / 1000)) ms before the client's exit (child $child still held the socket)"
pass
