#!/usr/bin/env bash
# demo: udp-connect-no-packet — connect() on UDP sends nothing (the first packet on the wire is the first datagram); a second connect() switches the peer, connect(AF_UNSPEC) drops it (EDESTADDRREQ after)
# udpconnectclient connects its socket to server A, then waits for input:
# ss already shows the socket ESTAB with A as its peer, but tcpdump has
# seen nothing from it; its first packet is the first datagram. With -R,
# after the first reply it calls connect() again, to server B: ss shows the
# new peer, the next line goes to B, A sees no more. With -U it calls
# connect() with AF_UNSPEC instead: the peer is forgotten (and, on Linux,
# the port the kernel had picked: ss lists no socket), and send without an
# address fails with EDESTADDRREQ (89).
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
need tcpdump
real_root || skip "capturing needs real root (tcpdump cannot drop privileges in an unprivileged namespace)"

start a udpserver -p 0
ready a
A=$PORT
start b udpserver -p 0
ready b
B=$PORT
start dump "$(command -v tcpdump)" -i lo -n -l --immediate-mode "udp port $A or udp port $B"
wait_for dump '^listening on'
running dump || skip "tcpdump cannot capture here: $(tail -n 1 "$T/dump.out")"

# peer_of CPORT: the peer ss shows for the UDP socket on CPORT ("-" if unconnected).
# (Fields read by bash: one ss per question, no awk, no head.)
peer_of() {
    local state peer
    read -r state _ _ _ peer _ < <(ss -Huan "( sport = :$1 )")
    [ "${state:-}" = ESTAB ] && echo "$peer" || echo -
}
# client_port: CPORT := the local port of the UDP socket connected to server A.
client_port() {
    local l=
    read -r _ _ l _ < <(ss -Huan state established "( dport = :$A )")
    CPORT=${l##*:}
}
client_connected() { client_port && [ -n "$CPORT" ]; }

start c udpconnectclient -p "$A" -R "$B" 127.0.0.1
wait_true "the client's UDP socket connected (ss: ESTAB)" client_connected
C=$CPORT
read -r -a f < <(ss -Huan "( sport = :$C )") # (the fields, joined by one blank)
note ss "client after connect(): ${f[*]}"
[ "$(peer_of "$C")" = "127.0.0.1:$A" ] || fail "the client's peer is $(peer_of "$C"), expected server A"
send c one
expect c '^Hi, one$'
expect c "^connected again, to 127\\.0\\.0\\.1:$B\$"
# The first packet from the client's port is the datagram "one" (3 bytes).
wait_for dump "127\\.0\\.0\\.1\\.$A > 127\\.0\\.0\\.1\\.$C: UDP, length 7"
first=$(grep -m 1 "127\\.0\\.0\\.1\\.$C > " "$T/dump.out")
note test "first packet from the client: ${first#* IP }"
[[ $first == *"127.0.0.1.$C > 127.0.0.1.$A: UDP, length 3" ]] || fail "the first packet from the client is not its first datagram: $first"
[ "$(peer_of "$C")" = "127.0.0.1:$B" ] || fail "after the second connect(), the peer is $(peer_of "$C"), expected server B"
read -r -a f < <(ss -Huan "( sport = :$C )")
note ss "client after the second connect(): ${f[*]}"
send c two
expect c '^Hi, two$'
expect b '^received 3 bytes: two$'
expect_count a 'received' 1
eof c
expect_exit c 0

# -U: connect(AF_UNSPEC) after the first reply.
start u udpconnectclient -p "$A" -U 127.0.0.1
wait_true "the second client's UDP socket connected (ss: ESTAB)" client_connected
U=$CPORT
send u one
expect u '^Hi, one$'
expect u '^disconnected \(connect to AF_UNSPEC\)$'
# Linux's udp_disconnect also releases the port connect() had picked (the
# socket was never bound): ss no longer lists the socket at all.
line=$(ss -Huan "( sport = :$U )")
note ss "client after connect(AF_UNSPEC): ${line:-(no socket listed: no peer, and its port $U released)}"
[ -z "$line" ] || fail "after connect(AF_UNSPEC) ss still lists the client's socket: $line"
send u two
expect_exit u 1
expect u '^sendto failed: .* \(89\)$'
expect_count a 'received' 2
pass
