#!/usr/bin/env bash
# demo: keepalive-defaults — the keepalive timers a socket gets when it sets none, read back with getsockopt: 7200 s, 75 s, 9 probes (2 h 11 min 15 s); they are the namespace's sysctls, and the server side can turn keepalive on too (-k)
# The notes (连接有效性; 应用层探活) give Linux's defaults as 7200 s idle,
# 75 s between probes and 9 probes: a dead peer is found after at least
# 2 h 11 min 15 s. keepaliveclient without -t/-i/-n sets nothing and prints
# what getsockopt returns: the sysctls net.ipv4.tcp_keepalive_time/_intvl/
# _probes of its network namespace (a fresh one has the kernel's defaults,
# whatever the host's were set to). keepaliveserver -k turns keepalive on
# for its side of each connection: `ss -o` shows a keepalive timer on both
# ends. Changing the sysctls changes what the next socket reads back.
NETNS=always # it changes sysctls: in a namespace of its own, demo mode too
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

[ -n "${_HARNESS_IN_NETNS:-}" ] || skip "needs a private network namespace (unshare -n) for its sysctls"
for k in time intvl probes; do
    v=$(sysctl -n "net.ipv4.tcp_keepalive_$k") || skip "no net.ipv4.tcp_keepalive_$k here"
    note test "sysctl net.ipv4.tcp_keepalive_$k = $v"
done

start server keepaliveserver -p 0 -n 2 -k
ready server
start client keepaliveclient -p "$PORT" 127.0.0.1
expect client '^keepalive on: idle 7200 s, interval 75 s, probes 9$'
expect client '^a silent peer is declared dead 7875 s \(2 h 11 min 15 s\) after the last packet \(with nothing sent: after connect\)$'
wait_for client '^connected, blocking in read$'
wait_for server '^connection from 127\.0\.0\.1:[0-9]+, staying silent$'
# Both ends have a keepalive timer: about 2 hours (ss -o: 119min), 0 probes sent.
for end in "dport = :$PORT" "sport = :$PORT"; do
    line=$(ss -Htno state established "( $end )")
    note ss "keepalive timer ($end): $line"
    [[ $line =~ timer:\(keepalive,1(19|20)min,0\) ]] || fail "no 2-hour keepalive timer on the socket with $end: $line"
done
stop client
expect_exit client 143

# Other sysctls in this namespace: the next socket reads them back.
sysctl -qw net.ipv4.tcp_keepalive_time=600 net.ipv4.tcp_keepalive_intvl=30 net.ipv4.tcp_keepalive_probes=5 ||
    fail "cannot set the keepalive sysctls in the namespace"
note test "sysctl net.ipv4.tcp_keepalive_time=600 _intvl=30 _probes=5"
start client2 keepaliveclient -p "$PORT" 127.0.0.1
expect client2 '^keepalive on: idle 600 s, interval 30 s, probes 5$'
expect client2 '^a silent peer is declared dead 750 s \(0 h 12 min 30 s\) after the last packet \(with nothing sent: after connect\)$'
wait_for client2 '^connected, blocking in read$'
wait_count server '^connection from 127\.0\.0\.1:[0-9]+, staying silent$' 2
line=$(ss -Htno state established "( sport = :$PORT )")
note ss "the server's side: $line"
[[ $line =~ timer:\(keepalive,(9min[0-9]+sec|10min),0\) ]] || fail "the server's side has no 10-minute keepalive timer: $line"
pass
