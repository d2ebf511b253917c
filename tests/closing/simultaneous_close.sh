#!/usr/bin/env bash
# demo: simultaneous-close — both sides close while each one's FIN is still on its way: both go FIN-WAIT-1 -> CLOSING -> TIME-WAIT, and both keep a TIME-WAIT entry
# Two hosts: the client in this script's namespace, the server in its own,
# joined by a veth pair. On a real network the two FINs cross when each
# side closes within one trip time of the other; here the link holds them
# instead. (This kernel has no netem; a token bucket (tc tbf) with an empty
# bucket and a rate of 8 bit/s holds every segment; `tc qdisc change` to
# 10 Gbit/s lets them go, in order.) Both programs close: the server is
# ended by SIGTERM (its kernel closes the socket, a FIN), the client types
# `close`. Both FINs wait on the link, both sides are in FIN-WAIT-1. Then
# the link goes fast: each side receives a FIN that does not acknowledge
# its own (FIN-WAIT-1 -> CLOSING), answers it with an ACK, and the ACK of
# its own FIN takes it from CLOSING to TIME-WAIT. Both sides closed
# actively, so both keep TIME-WAIT (ss in each namespace).
NETNS=always # its links stay in namespaces of their own, demo mode too
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

[ -n "${_HARNESS_IN_NETNS:-}" ] || skip "needs a private network namespace (unshare -n)"
real_root || skip "capturing needs real root (tcpdump cannot drop privileges in an unprivileged namespace)"
need ip tc tcpdump ping
CLI=sc$$c SRV=sc$$s

netns_new NS_A || skip "cannot create a second network namespace"
ip link add "$CLI" type veth peer name "$SRV" netns "$NS_A" || skip "cannot create a veth pair here"
# No IPv6 on the link: its autoconfiguration chatter (router and neighbour
# solicitations, MLD reports) would take tokens from the buckets below.
sysctl -qw "net.ipv6.conf.$CLI.disable_ipv6=1" 2>/dev/null
in_netns "$NS_A" sysctl -qw "net.ipv6.conf.$SRV.disable_ipv6=1" 2>/dev/null
ip addr add 10.78.0.1/24 dev "$CLI" && ip link set "$CLI" up || fail "cannot configure $CLI"
in_netns "$NS_A" ip addr add 10.78.0.2/24 dev "$SRV" && in_netns "$NS_A" ip link set "$SRV" up || fail "cannot configure $SRV"

export WIRECAP_IF=$CLI # the capture watches the link, not lo (also under CAPTURE=1)
start server "$(command -v nsenter)" --net="/proc/$NS_A/ns/net" "$BIN/keepaliveserver" -p 0 -n 1
ready server
wire "$PORT"
has_states || skip "no state lines: $(grep -E '^# no state lines' "$T/wire.out")"
start client graceclient -p "$PORT" -w 0 10.78.0.2
wait_for server '^connection from 10\.78\.0\.1:[0-9]+, staying silent$'
cport=$(sed -nE 's/^connection from 10\.78\.0\.1:([0-9]+),.*/\1/p' "$T/server.out")
c="client:$cport" s="server:$PORT"

# hold: a token bucket of 200 bytes at 8 bit/s on both ends of the link;
# one ping each way (192 bytes with its Ethernet header) empties both
# buckets, and from then on a segment waits there for many seconds.
for side in "" "in_netns $NS_A"; do
    dev=$CLI
    [ -z "$side" ] || dev=$SRV
    $side tc qdisc add dev "$dev" root tbf rate 8bit burst 200 limit 100000 ||
        skip "cannot add a tbf qdisc (kernel without sch_tbf?)"
done
ping -c 1 -s 150 -W 2 10.78.0.2 >/dev/null || fail "the ping that empties the buckets got no answer"
note test "tc tbf on both ends of the link: segments are held there from now on"

# Both close: the server's program ends, the client types close.
stop server TERM
expect_exit server 143
send client close
expect_exit client 0
wait_ss "the client in FIN-WAIT-1 (its FIN held on the link)" state fin-wait-1 "( dport = :$PORT )"
line=$(in_netns "$NS_A" ss -Htan state fin-wait-1 "( sport = :$PORT )")
note ss "server host: the server in FIN-WAIT-1: ${line:-(none)}"
[ -n "$line" ] || fail "the server is not in FIN-WAIT-1 while its FIN is held"
expect_no_wire "\[FIN"

# Let them go: a fast link, and one ping to wake the client's end (the
# server's wakes with the ACK its kernel sends).
tc qdisc change dev "$CLI" root tbf rate 10gbit burst 100000 limit 100000 &&
    in_netns "$NS_A" tc qdisc change dev "$SRV" root tbf rate 10gbit burst 100000 limit 100000 ||
    fail "cannot speed the link up"
note test "tc: the link is fast again"
ping -c 1 -W 1 10.78.0.2 >/dev/null || fail "no ping answer after the link went fast"

for side in "$c" "$s"; do
    expect_state "^$side  ESTABLISHED -> FIN-WAIT-1$"
    expect_state "^$side  FIN-WAIT-1 -> CLOSING$"
done
expect_no_state "FIN-WAIT-2" # nobody's FIN was acknowledged before the other FIN came
expect_wire "^$c -> $s  \[FIN,ACK\] len 0$"
expect_wire "^$s -> $c  \[FIN,ACK\] len 0$"
wait_count wire "^$c -> $s  \[ACK\] len 0$" 2 # the handshake's ACK, the ACK of the server's FIN
wait_count wire "^$s -> $c  \[ACK\] len 0$" 1 # the ACK of the client's FIN
expect_no_wire "RST"
expect_ss "the client's TIME-WAIT entry" state time-wait "( dport = :$PORT )"
line=$(in_netns "$NS_A" ss -Htan state time-wait "( sport = :$PORT )")
note ss "server host: the server's TIME-WAIT entry: ${line:-(none)}"
[ -n "$line" ] || fail "no TIME-WAIT entry on the server's host: both sides closed actively"
pass
