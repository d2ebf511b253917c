#!/usr/bin/env bash
# demo: rebooted-peer — the server's host "reboots" (its socket vanishes, its FIN never gets out): the client's next keepalive probe is answered with RST, read() fails with ECONNRESET
# Two hosts: the client in this script's namespace, the server in its own
# (sock-PID-a), joined by a veth pair. The server's link goes down, the
# server is killed (its kernel queues a FIN that cannot leave), then the
# server's interface moves to a fresh namespace (sock-PID-b) with the same
# address: the host after a reboot, same IP, no memory of the connection.
# The client, idle, sends its next keepalive probe (idle 1 s, interval 1 s,
# 3 probes); the new kernel knows no such connection and answers RST:
# `read failed ...: Connection reset by peer (104)` within about a second,
# long before the 4 s a silent peer would take (keepalive.kernel_dead_peer:
# ETIMEDOUT, 110).
NETNS=always # what it changes stays in a namespace of its own, demo mode too
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

[ -n "${_HARNESS_IN_NETNS:-}" ] || skip "needs a private network namespace (unshare -n)"
real_root || skip "capturing needs real root (tcpdump cannot drop privileges in an unprivileged namespace)"
need ip tcpdump
CLI=rb$$c SRV=rb$$s

netns_new NS_A || skip "cannot create a second network namespace"
ip link add "$CLI" type veth peer name "$SRV" netns "$NS_A" || skip "cannot create a veth pair here"
ip addr add 10.77.0.1/24 dev "$CLI" && ip link set "$CLI" up || fail "cannot configure $CLI"
in_netns "$NS_A" ip addr add 10.77.0.2/24 dev "$SRV" && in_netns "$NS_A" ip link set "$SRV" up || fail "cannot configure $SRV"

start server "$(command -v nsenter)" --net="/proc/$NS_A/ns/net" "$BIN/keepaliveserver" -p 0 -n 1
ready server
start wire "$(command -v tcpdump)" -i "$CLI" -n -l "tcp port $PORT"
wait_for wire '^listening on '
start client keepaliveclient -p "$PORT" -t 1 -i 1 -n 3 10.77.0.2
wait_for client '^connected, blocking in read$'
expect client '^keepalive on: idle 1 s, interval 1 s, probes 3$'
wait_ss "the client's connection" state established "( dst 10.77.0.2 and dport = :$PORT )"

# The server's host goes away without a word: link down, then the process dies.
in_netns "$NS_A" ip link set "$SRV" down || fail "cannot take $SRV down"
note test "the server's link is down"
stop server KILL
expect_exit server 137
line=$(in_netns "$NS_A" ss -Htan "( sport = :$PORT )")
note ss "server host: ${line:-(none)}"
[[ $line == FIN-WAIT-1* ]] || fail "the dead server's socket is not in FIN-WAIT-1 (its FIN unsent): $line"

# The reboot: the same interface and address in a namespace with no sockets.
netns_new NS_B || fail "cannot create a namespace for the rebooted host"
in_netns "$NS_A" ip link set "$SRV" netns "$NS_B" || fail "cannot move $SRV"
in_netns "$NS_B" ip addr add 10.77.0.2/24 dev "$SRV" && in_netns "$NS_B" ip link set "$SRV" up || fail "cannot configure $SRV after the reboot"
note test "the server's host is back (new namespace, same address, no sockets)"
expect_ss "the client still ESTABLISHED" state established "( dst 10.77.0.2 and dport = :$PORT )"

expect_exit client 1 10
expect client '^read failed [0-9.]+ s after connect: .* \(104\)$'
secs=$(sed -nE 's/^read failed ([0-9.]+) s after connect: .*/\1/p' "$T/client.out")
awk -v s="$secs" 'BEGIN { exit !(s >= 0.8 && s < 4) }' || fail "ECONNRESET after $secs s, expected 0.8..4 s (after idle 1 s, before the 4 s a silent peer takes)"
wait_for wire "IP 10\.77\.0\.2\.$PORT > 10\.77\.0\.1\.[0-9]+: Flags \[R\]"
expect_not wire "IP 10\.77\.0\.2\.$PORT > 10\.77\.0\.1\.[0-9]+: Flags \[F"
expect_no_ss "the client's connection after the RST" "( dst 10.77.0.2 and dport = :$PORT )"
pass
