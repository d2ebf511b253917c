#!/usr/bin/env bash
# demo: udp-ipv6-echo — the echo over IPv6 (udpserver -6, udpclient ::1), and the connected client refused by ICMPv6 port unreachable
# udpserver -6 binds [::] dual stack: a ::1 client and an IPv4 one (seen as
# ::ffff:127.0.0.1) get their replies from one socket, which ss lists as
# UNCONN *:PORT. With nothing on the port, the connected udpconnectclient
# learns it at once: the kernel answers its datagram with ICMPv6 port
# unreachable (type 1 code 4; Icmp6OutDestUnreachs in /proc/net/snmp6),
# and recvfrom fails with ECONNREFUSED (111). udpconnectserver -6 connects
# to its first client ([::1]) and a second one is refused the same way.
# Sizes: IPv6 carries 65527 bytes of UDP payload (65535 - 8: its header is
# not counted), 20 more than IPv4; 65528 is refused (EMSGSIZE, 90). The
# server receives 65527 whole and cuts its reply to 65507, which a peer of
# either family can take.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
"$BIN/make_socket" -6 -p 0 >/dev/null 2>"$T/v6" || skip "no IPv6 here: $(cat "$T/v6")"
# unreachs: ICMPv6 destination unreachable messages this namespace sent.
unreachs() { awk '$1 == "Icmp6OutDestUnreachs" { print $2 }' /proc/net/snmp6; }

start server udpserver -6 -p 0 -n 3
ready server
expect server "^bound to \[::\]:$PORT\$"
line=$(ss -Huan "( sport = :$PORT )")
note ss "server socket: $line"
[[ $line == UNCONN*" *:$PORT "* ]] || fail "expected UNCONN *:$PORT (dual stack), ss shows: ${line:-(none)}"
start client udpclient -p "$PORT" ::1
send client g1
wait_for client '^Hi, g1$'
send client g2
wait_for client '^Hi, g2$'
eof client
expect_exit client 0
start v4 udpclient -p "$PORT" 127.0.0.1
send v4 g3
wait_for v4 '^Hi, g3$'
eof v4
expect_exit server 0 # three datagrams answered: the port is free again

start big udpserver -6 -p 0 -n 1
ready big
start b1 udpclient -p "$PORT" -s 65527 ::1
expect_exit b1 0
expect b1 '^reply of 65507 bytes$'
expect_exit big 0
expect big '^received 65527 bytes: a'
start b2 udpclient -p "$PORT" -s 65528 ::1
expect_exit b2 1
expect b2 '^sendto failed: .* \(90\)$'
expect b2 '^not sent: 65528 bytes, one UDP datagram carries at most 65527$'

before=$(unreachs)
start refused udpconnectclient -p "$PORT" ::1
send refused g4
expect_exit refused 1
expect refused '^recvfrom failed: .* \(111\)$'
expect refused "^hint: no socket at \[::1\]:$PORT takes our datagrams"
note snmp6 "Icmp6OutDestUnreachs $before -> $(unreachs)"
[ "$(unreachs)" -gt "$before" ] || fail "no ICMPv6 destination unreachable was sent"

start cserver udpconnectserver -6 -p 0
ready cserver
start c1 udpconnectclient2 -p "$PORT" ::1
start c2 udpconnectclient2 -p "$PORT" 127.0.0.1
send c1 g1
wait_for c1 '^Hi, g1$'
expect cserver '^connected to \[::1\]:[0-9]+$'
send c2 g2
expect_exit c2 1
expect c2 '^recv failed: .* \(111\)$'
send c1 goodbye
wait_for c1 '^Hi, goodbye$'
expect_exit cserver 0
expect_not cserver 'g2'
pass
