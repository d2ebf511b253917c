#!/usr/bin/env bash
# The kernel's view over IPv6, as over IPv4: tests/wirecap reads `IP6`
# segments and ICMPv6 (port unreachable for UDP; destination unreachable,
# no route, for TCP) and the state tracepoint's IPv6 addresses
# (saddrv6/daddrv6), with the same lines, so the ladder, the SVG and
# scripts/watch draw the same arrows and states.
#   1. a recorded capture (WIRECAP_REPLAY, no root needed): SYN, SYN,ACK,
#      UDP, ICMPv6 port unreachable, ICMPv6 no route; neighbour discovery
#      dropped; the ladder labels each ICMPv6 kind
#   2. live, over ::1 in this namespace (root): nc on [::1]:9527 and a client
#      that sends a line and ends: the handshake, the FINs and the states
#      (the client's TIME-WAIT); a datagram to [::1]:9528 where nobody
#      listens, answered with ICMPv6 port unreachable.
# (The suite's own programs take -6 and ::1 too; until they all do, nc and
# bash's /dev/udp are the peers.)
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

cat >"$T/replay" <<'END'
1796187000.000000100 IP6 ::1.40000 > ::1.9527: Flags [S], seq 1, win 65476, options [mss 65476], length 0
1796187000.000000200 IP6 ::1.9527 > ::1.40000: Flags [S.], seq 2, ack 2, win 65464, length 0
1796187000.000001000 IP6 ::1.40001 > ::1.9528: UDP, length 2
1796187000.000001100 IP6 ::1 > ::1: ICMP6, destination unreachable, unreachable port, ::1 udp port 9528, length 58
1796187000.000002000 IP6 2001:db8::1.40002 > 2001:db8:1::1.80: Flags [S], seq 1, win 64800, length 0
1796187000.000002100 IP6 2001:db8::fe > 2001:db8::1: ICMP6, destination unreachable, unreachable route 2001:db8:1::1, length 88
1796187000.000003000 IP6 fe80::1 > ff02::1:ff00:2: ICMP6, neighbor solicitation, who has fe80::2, length 32
END
WIRECAP_REPLAY=$T/replay "$_here/wirecap" 0 >"$T/replayed"
cat >"$T/want" <<'END'
@1796187000000000 wire client:40000 -> server:9527  [SYN] len 0
@1796187000000000 wire server:9527 -> client:40000  [SYN,ACK] len 0
@1796187000000001 wire client:40001 -> server:9528  UDP len 2
@1796187000000001 wire server -> client  ICMP6 udp port 9528 unreachable
@1796187000000002 wire client:40002 -> server:80  [SYN] len 0
@1796187000000002 wire server -> client  ICMP6 route 2001:db8:1::1 unreachable
END
diff "$T/want" "$T/replayed" >&2 || fail "wirecap read the recorded IPv6 capture wrongly (above)"
"$_here/ladder" --rows <"$T/replayed" >"$T/replay.ladder"
grep -q '│──SYN─*▶│' "$T/replay.ladder" && grep -q '│◀─*SYN,ACK──│' "$T/replay.ladder" || fail "no IPv6 handshake arrows"
grep -q '◀─*ICMP6 port unreachable─*│' "$T/replay.ladder" || fail "ICMPv6 port unreachable not drawn"
grep -q '◀─*ICMP6 route unreachable─*│' "$T/replay.ladder" || fail "ICMPv6 no route not drawn"
note test "recorded IPv6 capture: $(grep -c . "$T/replayed") lines, as over IPv4"

command -v tcpdump >/dev/null 2>&1 && real_root || { note test "(live part skipped: needs root and tcpdump)"; pass; }
need nc
ip -6 addr show dev lo 2>/dev/null | grep -q '::1' || skip "no IPv6 on lo here"
start server "$(command -v nc)" -l ::1 9527
poll 5 "nc to listen on [::1]:9527" _ss_shows state listening "( sport = :9527 )"
wire 9527
has_states || skip "no state lines: $(grep '^# no state' "$T/wire.out")"
start client "$(command -v nc)" -6 -N ::1 9527
send client hello
eof client
expect_exit client 0
wait_for server '^hello$'
expect_exit server 0
expect_wire '^client:[0-9]+ -> server:9527  \[SYN\] len 0$'
expect_wire '^server:9527 -> client:[0-9]+  \[SYN,ACK\] len 0$'
expect_wire '^client:[0-9]+ -> server:9527  \[PSH,ACK\] len 6$'
expect_wire '^client:[0-9]+ -> server:9527  \[FIN,ACK\] len 0$'
c=$(sed -nE 's/^client:([0-9]+) -> server:9527  \[SYN\].*/\1/p' "$T/wire.out" | head -n 1)
expect_state "^client:$c  CLOSED -> SYN-SENT$"
expect_state "^client:$c  SYN-SENT -> ESTABLISHED$"
expect_state "^server:9527  LISTEN -> SYN-RECV$"
expect_state "^client:$c  ESTABLISHED -> FIN-WAIT-1$"
expect_state "^client:$c  FIN-WAIT-2 -> TIME-WAIT$"
expect_ss "the client's TIME-WAIT over IPv6" state time-wait "( src [::1] and sport = :$c )"

# UDP to a port nobody has: ICMPv6 port unreachable
start udpcap "$_here/wirecap" 9528
wait_for udpcap '^listening on '
printf x >/dev/udp/::1/9528 || fail "cannot send a datagram to [::1]:9528"
wait_for udpcap '^@[0-9]+ wire client:[0-9]+ -> server:9528  UDP len 1$'
wait_for udpcap '^@[0-9]+ wire server -> client  ICMP6 udp port 9528 unreachable$'
"$_here/ladder" --rows <"$T/udpcap.out" | grep -q '◀─*ICMP6 port unreachable─*│' || fail "the live ICMPv6 not drawn"
stop udpcap
pass
