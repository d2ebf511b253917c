#!/usr/bin/env bash
# demo: half-open — the path to the server is cut without a word: the client's send() keeps succeeding while its kernel retransmits, then the connection fails with ETIMEDOUT
# Client in this script's namespace, graceserver in its own (sock-PID-a),
# joined by a veth pair. After one exchange the server's host loses its
# address (ip addr flush): the link stays up, the client's segments still
# leave (the wire below is taken on the client's interface) and are
# dropped there without a word; nothing comes back, no FIN, no RST. (Taking
# a link down instead would stop the client's packets at its own interface,
# out of the capture's sight.) The client types two
# more lines: both send() calls succeed (they only queue the bytes), and the
# kernel retransmits them with a doubling timeout (a tail-loss probe at
# about 200 ms, then RTOs of 200, 400 ms...). tcp_retries2 is a time on
# Linux, not a count: give up once (2^(N+1) - 1) x 200 ms have passed since
# the first RTO retransmission, checked when the RTO timer fires. The
# default 15 means about 15 minutes; here N = 1 (600 ms): measured, the
# error comes about 1.7 s after data2, with data2 on the wire 4 times, and
# the client's read() reports it: `read failed: Connection timed out (110)`.
# The test (not the demo) also lowers tcp_rto_min_us to 50 ms (Linux 6.11+,
# per namespace): the RTOs start at about 60 ms, data2 goes out about five
# times and the error comes about 0.9 s after data2; the 600 ms still count
# from the first RTO retransmission.
NETNS=always # what it changes stays in a namespace of its own, demo mode too
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

[ -n "${_HARNESS_IN_NETNS:-}" ] || skip "needs a private network namespace (unshare -n)"
real_root || skip "capturing needs real root (tcpdump cannot drop privileges in an unprivileged namespace)"
need ip tcpdump
CLI=ho$$c SRV=ho$$s

netns_new NS_A || skip "cannot create a second network namespace"
ip link add "$CLI" type veth peer name "$SRV" netns "$NS_A" || skip "cannot create a veth pair here"
ip addr add 10.77.0.1/24 dev "$CLI" && ip link set "$CLI" up || fail "cannot configure $CLI"
in_netns "$NS_A" ip addr add 10.77.0.2/24 dev "$SRV" && in_netns "$NS_A" ip link set "$SRV" up || fail "cannot configure $SRV"
sysctl -qw net.ipv4.tcp_retries2=1 || skip "cannot set tcp_retries2 here"
note test "tcp_retries2 1 on the client's side"
rto_min=$(timer 50000 200000) # (200000: the default)
sysctl -qw net.ipv4.tcp_rto_min_us="$rto_min" && note test "tcp_rto_min_us $rto_min on the client's side" ||
    note test "no tcp_rto_min_us here (Linux < 6.11): RTOs from 200 ms"

start server "$(command -v nsenter)" --net="/proc/$NS_A/ns/net" "$BIN/graceserver" -p 0 -d 0
ready server
start wire "$(command -v tcpdump)" -i "$CLI" -n -l "tcp port $PORT"
wait_for wire '^listening on '
start client graceclient -p "$PORT" 10.77.0.2
send client data1
wait_for client '^Hi, data1$'

# The cut: the server's host loses its address. The link stays up (so the
# client's segments still leave and the capture sees them); they arrive at
# a host that drops them without a word (no address, no forwarding: no
# RST, no ICMP), and the server's socket can send nothing back.
in_netns "$NS_A" ip addr flush dev "$SRV" || fail "cannot remove the server's address"
note test "the server's host is cut off: nothing arrives, nothing comes back"

t0=$(now_ms)
send client data2
wait_count client '^send bytes: 5$' 2
# The kernel resends data2 (bytes 6..10 of the stream); send() still succeeds.
wait_count wire "IP 10\.77\.0\.1\.[0-9]+ > 10\.77\.0\.2\.$PORT: Flags \[P\.\], seq 6:" 2
send client data3
wait_count client '^send bytes: 5$' 3
expect_ss "the client's connection still ESTABLISHED, bytes unacknowledged" state established "( dst 10.77.0.2 and dport = :$PORT )"

expect_exit client 1 10
expect client '^read failed: .* \(110\)$'
t1=$(now_ms)
note test "ETIMEDOUT $((t1 - t0)) ms after data2 (a probe, the first RTO retransmission, then 600 ms more: tcp_retries2 1)"
[ $((t1 - t0)) -ge 650 ] || fail "ETIMEDOUT after $((t1 - t0)) ms, before the retransmissions could run out"
n=$(grep -Ec "IP 10\.77\.0\.1\.[0-9]+ > 10\.77\.0\.2\.$PORT: Flags \[P\.\], seq 6:" "$T/wire.out")
[ "$n" -ge 3 ] || fail "the wire shows data2 sent $n times, expected the first send and at least 2 retransmissions"
expect_not wire "IP 10\.77\.0\.2\.$PORT > 10\.77\.0\.1\.[0-9]+: Flags \[[FR]"
expect_not client '^server terminated$'
expect_no_ss "the client's connection after ETIMEDOUT" "( dst 10.77.0.2 and dport = :$PORT )"
pass
