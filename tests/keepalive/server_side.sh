#!/usr/bin/env bash
# demo: server-keepalive — keepalive on the server's side (keepaliveserver -k): a client that vanishes silently is found by the server's own probes, its read() fails with ETIMEDOUT (110), and the server goes on to the next client
# The notes (连接有效性): keepalive can be turned on in either direction;
# on the server's side it clears the state of clients that vanished. -k
# sets SO_KEEPALIVE on each accepted socket and no timer: the namespace's
# sysctls apply, shrunk here to idle 1 s, interval 1 s, 1 probe. The
# client (graceclient, no keepalive) goes silent when lo is taken down;
# the server's probe gets no answer and its read() fails about 2 s after
# the last packet. The client's own socket, which probes nothing, is
# still ESTABLISHED: only the side with keepalive notices.
NETNS=always # its sysctls and the link change stay in a namespace of its own
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

[ -n "${_HARNESS_IN_NETNS:-}" ] || skip "needs a private network namespace (unshare -n) for its sysctls and to take lo down"
sysctl -qw net.ipv4.tcp_keepalive_time=1 net.ipv4.tcp_keepalive_intvl=1 net.ipv4.tcp_keepalive_probes=1 ||
    skip "cannot set the keepalive sysctls here"
note test "sysctl net.ipv4.tcp_keepalive_time=1 _intvl=1 _probes=1"

start server keepaliveserver -p 0 -n 1 -k
ready server
start client graceclient -p "$PORT" 127.0.0.1
wait_for server '^connection from 127\.0\.0\.1:[0-9]+, staying silent$'
t0=${EPOCHREALTIME/./}
line=$(ss -Htno state established "( sport = :$PORT )")
note ss "the server's side: $line"
[[ $line == *timer:\(keepalive,* ]] || fail "no keepalive timer on the server's side: $line"
line=$(ss -Htno state established "( dport = :$PORT )")
note ss "the client's side: $line"
[[ $line != *timer:\(keepalive,* ]] || fail "the client has a keepalive timer: $line"

ip link set lo down || fail "cannot take lo down in the namespace"
note test "lo is down: the client can no longer answer"
expect_exit server 0 10
expect server '^read failed: .* \(110\)$'
ms=$(((${EPOCHREALTIME/./} - t0) / 1000))
note test "the server's read() failed $ms ms after the connection"
[ "$ms" -ge 1500 ] || fail "ETIMEDOUT after $ms ms, before idle + interval x probes = 2 s"
[ -n "${VALGRIND:-}" ] || [ "$ms" -le 5000 ] || fail "ETIMEDOUT after $ms ms, expected about 2 s"
expect_ss "the client's side, which probes nothing, still ESTABLISHED" state established "( dport = :$PORT )"
running client || fail "the client ended"
pass
