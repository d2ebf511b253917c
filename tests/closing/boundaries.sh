#!/usr/bin/env bash
# demo: no-boundaries — TCP keeps no message boundaries: two writes come out of one read ("received 10 bytes: data1data2"), one 5000-byte write comes out of two reads
# graceserver -f waits before its first read, so that what the client
# wrote meanwhile is all there: graceclient writes data1 and data2 with two
# write() calls, the server reads both at once. Then one write() of 5000
# bytes (a raw connection: graceclient itself sends at most 4096 at a
# time) is read as 4096 + 904. Contrast UDP (course notes, UDP数据读写):
# one recvfrom() is one datagram.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

start server graceserver -p 0 -d 0 -f "$(timer 0.3 3)" -n 2
ready server
start client graceclient -p "$PORT" 127.0.0.1
send client data1 data2 # two lines at once: two write() calls back to back
wait_count client '^send bytes: 5$' 2
expect_count client '^now sending data(1|2)$' 2
wait_for server '^received 10 bytes: data1data2$'
wait_for client '^Hi, data1data2$'
send client shutdown
expect_exit client 0
expect_not server '^received 5 bytes'
# -f held the first read back (that, not luck, put both writes in it).
stamp() { # REGEX: the time (µs) of the server's first line matching it
    awk -F '\t' -v re="^$1" '$2 == "server" && $3 ~ re { print $1; exit }' "$T/timeline"
}
held=$((($(stamp "received 10 bytes") - $(stamp "connection from")) / 1000))
note test "first read ${held} ms after accept"
[ "$held" -ge 250 ] || fail "the server read ${held} ms after accept, before -f ran out"

head -c 5000 /dev/zero | tr '\0' y >"$T/big"
exec {c}<>"/dev/tcp/127.0.0.1/$PORT" || fail "cannot connect"
head -c 5000 "$T/big" >&"$c" # head: one write() of all 5000 bytes
wait_for server '^received 4096 bytes: y+$'
wait_for server '^received 904 bytes: y+$'
LC_ALL=C read -r -N 5008 -t 5 -u "$c" replies || fail "not both replies" # read them all:
exec {c}>&-                                                                # unread data would mean RST
expect_exit server 0
expect_count server '^client closed$' 2
pass
