#!/usr/bin/env bash
# demo: unreachable-router — a router answers the SYN with ICMP destination unreachable: connect() fails with EHOSTUNREACH (113) or ENETUNREACH (101) instead of timing out, the ICMP on the wire
# The notes' third connect error. tcp.connect_errors shows the local case
# (the client's own routing table says unreachable: no packet leaves); here
# the SYN does leave and a router on the way refuses it. The client sits in
# this script's namespace (10.78.0.1 and .2) with a default route via
# 10.78.0.254, a router
# namespace (sock-PID-r, forwarding on) behind a veth pair. The router has
#   ip route add unreachable 10.79.0.0/24   -> ICMP host unreachable
#   and no route at all to 10.80.0.0/24     -> ICMP net unreachable
# The wire (tcpdump on the client's interface) shows the SYN and the ICMP
# answer for each: the ICMP, not the SYN retries, ends the handshake.
NETNS=always # what it changes stays in a namespace of its own, demo mode too
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

[ -n "${_HARNESS_IN_NETNS:-}" ] || skip "needs a private network namespace (unshare -n)"
real_root || skip "capturing needs real root (tcpdump cannot drop privileges in an unprivileged namespace)"
need ip tcpdump
CLI=ur$$c RTR=ur$$r

netns_new NS_R || skip "cannot create a second network namespace"
ip link add "$CLI" type veth peer name "$RTR" netns "$NS_R" || skip "cannot create a veth pair here"
ip addr add 10.78.0.1/24 dev "$CLI" && ip link set "$CLI" up || fail "cannot configure $CLI"
ip route add default via 10.78.0.254 || fail "cannot add the default route"
# The router rate-limits its ICMP errors per source address (about one a
# second, net.ipv4.route.error_cost: a host-wide sysctl we leave alone), so
# each client gets its own source address, its own allowance.
ip addr add 10.78.0.2/24 dev "$CLI" || fail "cannot add a second address"
ip route add 10.80.0.0/24 via 10.78.0.254 src 10.78.0.2 || fail "cannot add the route for 10.80.0.0/24"
in_netns "$NS_R" ip addr add 10.78.0.254/24 dev "$RTR" && in_netns "$NS_R" ip link set "$RTR" up || fail "cannot configure $RTR"
in_netns "$NS_R" sysctl -qw net.ipv4.ip_forward=1 || fail "cannot turn forwarding on in the router"
in_netns "$NS_R" sysctl -qw net.ipv4.icmp_ratelimit=0 || fail "cannot lift the router's ICMP rate limit"
in_netns "$NS_R" ip route add unreachable 10.79.0.0/24 || fail "cannot add the router's unreachable route"
note test "router 10.78.0.254: 10.79.0.0/24 unreachable, no route to 10.80.0.0/24"

start wire "$(command -v tcpdump)" -i "$CLI" -n -l "tcp or icmp"
wait_for wire '^listening on '

# Both at once. -S 1: were no ICMP to come, connect() would fail with
# ETIMEDOUT (110) after 3 s; the errors below can only come from the ICMP.
start host tcpclient -p 80 -S 1 10.79.0.1
start net tcpclient -p 80 -S 1 10.80.0.1
expect_exit host 1
expect host '^connect failed: .* \(113\)$'
expect_exit net 1
expect net '^connect failed: .* \(101\)$'
wait_for wire 'IP 10\.78\.0\.254 > 10\.78\.0\.1: ICMP host 10\.79\.0\.1 unreachable'
wait_for wire 'IP 10\.78\.0\.254 > 10\.78\.0\.2: ICMP net 10\.80\.0\.1 unreachable'

# One SYN, or two: on a veth the first ICMP is back within microseconds,
# while connect() itself still holds its socket, and Linux then only
# records it (a soft error); the second SYN's ICMP (initial RTO 1 s) finds
# connect() asleep and ends it. Never a third: the ICMP, not the SYN
# retries, ended each handshake.
for pair in 1:10.79.0.1 2:10.80.0.1; do
    src=10.78.0.${pair%%:*} dst=${pair#*:}
    n=$(grep -Ec "IP ${src//./\\.}\.[0-9]+ > ${dst//./\\.}\.80: Flags \[S\]" "$T/wire.out")
    note test "$n SYN(s) to $dst"
    [ "$n" -ge 1 ] && [ "$n" -le 2 ] || fail "$n SYNs to $dst on the wire, expected 1 or 2"
done
expect_no_ss "a connection still trying" "( dport = :80 )"
pass
