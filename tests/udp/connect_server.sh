#!/usr/bin/env bash
# demo: udp-connect-server — udpconnectserver connects to its first client; a second client is refused
# The server's socket is connected to client 1, so client 2's datagram finds
# no socket: ICMP port unreachable, `recv failed: Connection refused (111)`.
# Client 1 keeps its answers; `goodbye` is answered, then the server exits.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

start server udpconnectserver -p 0
ready server
start c1 udpconnectclient2 -p "$PORT" 127.0.0.1
start c2 udpconnectclient2 -p "$PORT" 127.0.0.1
send c1 g1
wait_for c1 '^Hi, g1$'
wait_for server '^connected to 127\.0\.0\.1:[0-9]+$'
# The server's socket now has a peer: ss shows it ESTAB (state only, no handshake).
line=$(ss -Huan state established "( sport = :$PORT )")
note ss "server socket: $line"
[ -n "$line" ] || fail "the server's UDP socket is not connected"

send c2 g2
expect_exit c2 1
expect c2 '^recv failed: .* \(111\)$'
expect_not server 'g2'

send c1 g3
wait_for c1 '^Hi, g3$'
send c1 goodbye
wait_for c1 '^Hi, goodbye$' # answered: the client is not left waiting
expect_exit server 0
expect server '^received 7 bytes: goodbye$'
expect server '^received 3 datagrams$'
eof c1
expect_exit c1 0
pass
