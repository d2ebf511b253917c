#!/usr/bin/env bash
# demo: syn-queue — a full accept queue: the client is ESTABLISHED and its send() succeeds while the server holds it in SYN-RECV and drops its ACKs; tcp_abort_on_overflow=1 answers with RST
# A listener with backlog 2 that never accepts holds 3 connections (backlog
# + 1). A fourth one is caught half-way: its SYN came while the queue had
# room, its final ACK comes when the queue is full. (To make that window
# wide enough to see, nftables drops the handshake's last ACK for this one
# client, which connects to 127.0.0.2, until the queue is full; the rest is
# the kernel's own doing.) connect() has returned, the client's kernel says
# ESTAB, the server's says SYN-RECV: the request sits in the SYN queue,
# Linux drops the ACK (and the data riding on it) because the accept queue
# has no room, and the client retransmits its data. With
# net.ipv4.tcp_abort_on_overflow=1 the next retransmission is answered
# with RST: the client's read() fails with ECONNRESET (104).
NETNS=always # what it changes stays in a namespace of its own, demo mode too
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

[ -n "${_HARNESS_IN_NETNS:-}" ] || skip "needs a private network namespace (unshare -n) for its nftables rule and sysctls"
command -v nft >/dev/null 2>&1 || skip "nft is not installed (Debian package nftables)"
sysctl -qw net.ipv4.tcp_abort_on_overflow=0 || skip "cannot set tcp_abort_on_overflow here"
# The client's retransmissions from about 60 ms, not 200 ms, in the test
# (tcp_rto_min_us: Linux 6.11+, per namespace; the demo keeps the default).
rto_min=$(timer 50000 200000)
sysctl -qw net.ipv4.tcp_rto_min_us="$rto_min" 2>/dev/null || note test "no tcp_rto_min_us here: retransmissions from 200 ms"

start server tcpserver -p 0 -b 2 -A
ready server
wire "$PORT"

# Two connections complete and wait in the accept queue (room for 3).
for i in 1 2; do
    start "c$i" tcpclient -p "$PORT" -s 10 127.0.0.1
    expect_exit "c$i" 0
done

# The half-way client: its SYN gets through, its last ACK is dropped (for now).
nft -f - <<EOF || skip "nft cannot add a rule here: nf_tables missing in the kernel?"
table inet syn_queue {
    chain input {
        type filter hook input priority 0;
        ip daddr 127.0.0.2 tcp dport $PORT tcp flags & (syn | rst) == 0 drop
    }
}
EOF
note test "nft: drop the last ACK of the handshake to 127.0.0.2:$PORT"
start half graceclient -p "$PORT" 127.0.0.2
wait_ss "the server's SYN-RECV entry" state syn-recv "( sport = :$PORT )"
expect_ss "the client's side ESTABLISHED" state established "( dst 127.0.0.2 and dport = :$PORT )"
line=$(ss -Htan state established "( dst 127.0.0.2 and dport = :$PORT )")
[[ $line =~ :([0-9]+)[[:space:]]+127\.0\.0\.2: ]] || fail "cannot read the client's port in: $line"
HPORT=${BASH_REMATCH[1]} # the half-way client's port

# A third one fills the accept queue (its SYN came after the half-way one's).
start c3 tcpclient -p "$PORT" -s 10 127.0.0.1
expect_exit c3 0
line=$(ss -Hltn "( sport = :$PORT )")
note ss "listener: $line"
read -r _ recvq sendq _ <<<"$line"
[ "$recvq" = 3 ] && [ "$sendq" = 2 ] || fail "listener Recv-Q/Send-Q $recvq/$sendq, expected 3/2 (full)"
nft delete table inet syn_queue || fail "cannot remove the nft rule"
note test "nft rule removed: from now on every segment gets through"

# The client writes: send() succeeds (its kernel thinks it is connected), the
# server's kernel drops the segment (no room to finish the connection), the
# client retransmits, the server stays in SYN-RECV.
send half hello
expect half '^send bytes: 5$'
wait_count wire "^client:$HPORT -> server:$PORT  \[PSH,ACK\] len 5$" 2 # sent, then resent
expect_ss "the server's SYN-RECV entry after the data" state syn-recv "( sport = :$PORT )"
line=$(ss -Htan state established "( dst 127.0.0.2 and dport = :$PORT )")
read -r sendq_unacked _ <<<"$(awk '{ print $2 }' <<<"$line")"
[ "$sendq_unacked" = 5 ] || fail "the client's Send-Q is '$sendq_unacked', expected 5 unacknowledged bytes"
expect_no_wire "^server:$PORT -> client:$HPORT  \[(ACK|RST)" # neither acknowledged nor refused
running half || fail "the client ended while the server dropped its data"

# tcp_abort_on_overflow=1: the next retransmission is answered with RST.
sysctl -qw net.ipv4.tcp_abort_on_overflow=1 || fail "cannot set tcp_abort_on_overflow=1"
note test "tcp_abort_on_overflow 1"
expect_exit half 1
expect half '^read failed: .* \(104\)$'
expect_wire "^server:$PORT -> client:$HPORT  \[RST\] len 0$"
expect_no_ss "SYN-RECV after the RST" state syn-recv "( sport = :$PORT )"
pass
