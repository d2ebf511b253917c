#!/usr/bin/env bash
# demo: udp-client-alone — no server: the UDP client sends anyway and waits in recvfrom, no error
# Nothing listens on the port; sendto succeeds (there is no handshake to
# fail) and recvfrom blocks: the client is still there, silent, until killed.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

# A port that surely has no UDP socket: one a udpserver just gave back.
start probe udpserver -p 0 -n 1 # ends after one datagram, giving its port back
ready probe
printf x >"/dev/udp/127.0.0.1/$PORT"
expect_exit probe 0
[ -z "$(ss -Huan "( sport = :$PORT )")" ] || fail "UDP port $PORT is still bound"

# in_unreach: ICMP destination-unreachable messages this namespace received
in_unreach() { awk '$1 == "Icmp:" && !n { for (i = 1; i <= NF; i++) if ($i == "InDestUnreachs") c = i; n = 1; next }
                    $1 == "Icmp:" { print $c }' /proc/net/snmp; }
before=$(in_unreach)
start client udpclient -p "$PORT" 127.0.0.1
send client g1
wait_for client '^send bytes: 2$'
expect client '^now sending g1$'
# The kernel answers the datagram with ICMP port unreachable (on lo: at
# once); an unconnected socket is not told: the client stays silent.
wait_true "the ICMP port unreachable for g1" eval '[ "$(in_unreach)" -gt "$before" ]'
note test "ICMP destination unreachable received: $before -> $(in_unreach)"
still_running client "$(timer 300 5000)"
expect_count client '.' 2 # nothing after "send bytes: 2": no error, no reply
stop client KILL
expect_exit client 137
pass
