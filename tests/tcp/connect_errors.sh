#!/usr/bin/env bash
# The connect errors the notes list, each shown by tcpclient inside a private
# network namespace: SYNs that vanish (ETIMEDOUT) and a route that says
# unreachable (EHOSTUNREACH). Refused is tcp.refused.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

[ -n "${_HARNESS_IN_NETNS:-}" ] || skip "needs a private network namespace (unshare -n) to fake a silent host"
# A veth pair with only one end up: packets to 10.9.0.2 go out and vanish.
ip link add sock0 type veth peer name sock1 || skip "cannot create a veth pair here"
ip addr add 10.9.0.1/24 dev sock0 && ip link set sock0 up || fail "cannot configure sock0"
ip route add unreachable 10.10.0.0/24 || fail "cannot add the unreachable route"
# The SYN's first timeout is fixed at 1 s; a ceiling of 1 s on the backoff
# (Linux 6.15+, per namespace) makes the second 1 s too, not 2 s.
sysctl -qw net.ipv4.tcp_rto_max_ms=1000 2>/dev/null || note test "no tcp_rto_max_ms here: give up at 3 s"

start silent tcpclient -p 80 -S 1 10.9.0.2
start unreach tcpclient -p 80 10.10.0.1
expect_exit unreach 1
expect unreach '^connect failed: .* \(113\)$' # EHOSTUNREACH
expect unreach '^hint: no route to 10\.10\.0\.1:80: check the address'

t0=$(now_ms)
expect_exit silent 1 10
expect silent '^connect failed: .* \(110\)$' # ETIMEDOUT
expect silent '^hint: no answer from 10\.9\.0\.2:80: a wrong address, a host that is down, or a server whose accept queue is full'
note test "ETIMEDOUT after $(( $(now_ms) - t0 )) ms more (TCP_SYNCNT 1: SYN at 0 s and 1 s, give up at 2 s; 3 s without tcp_rto_max_ms)"
pass
