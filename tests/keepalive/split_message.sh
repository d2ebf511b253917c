#!/usr/bin/env bash
# A raw peer (bash /dev/tcp) speaks to pingserver byte by byte: a message
# split in two writes is one message; the PONG is type 2 in network byte
# order with zeroed data; an unknown type is reported and that connection
# closed; a peer vanishing mid-message is reported; the server lives on.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

start server pingserver -p 0 -n 3 0
ready server
zeros() { head -c "$1" /dev/zero; }

exec {fd}<>"/dev/tcp/127.0.0.1/$PORT" || fail "cannot connect to $PORT"
printf '\x00\x00\x00\x0b' >&"$fd" # MSG_TYPE1, the 4-byte type only...
wait_for server '^connection from '
sleep 0.2 # ...and the other 1024 bytes in a later segment
zeros 1024 >&"$fd"
wait_for server '^process MSG_TYPE1$'
expect_count server '^received 1028 bytes$' 1

printf '\x00\x00' >&"$fd" # a PING in two pieces, split inside the type
sleep 0.2 # the pause IS the scenario: two segments
{ printf '\x00\x01'; zeros 1024; } >&"$fd"
timeout 5 head -c 1028 <&"$fd" >"$T/pong" || fail "no PONG within 5 s"
{ printf '\x00\x00\x00\x02'; zeros 1024; } >"$T/pong.expected"
cmp -s "$T/pong" "$T/pong.expected" || fail "PONG is not htonl(2) + 1024 zero bytes: $(od -An -tx1 -N8 "$T/pong")"

{ printf '\x00\x00\x00\x63'; zeros 1024; } >&"$fd" # type 99
wait_for server '^unknown message type \(99\)'
exec {fd}>&-

exec {fd}<>"/dev/tcp/127.0.0.1/$PORT" || fail "server gone after the unknown type"
{ printf '\x00\x00\x00\x15'; zeros 96; } >&"$fd" # MSG_TYPE2, cut short
exec {fd}>&-
wait_for server '^client closed in the middle of a message \(100 of 1028 bytes\)$'
expect_not server '^process MSG_TYPE2$'

start client pingclient -p "$PORT" -t 1 127.0.0.1
send client type2
wait_for server '^process MSG_TYPE2$'
eof client
running server || fail "server ended early"
pass
