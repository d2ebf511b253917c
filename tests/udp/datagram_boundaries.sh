#!/usr/bin/env bash
# demo: udp-datagram-boundaries — two datagrams queued while the server is stopped: two recvfroms, each with its own sender; a datagram longer than the buffer is cut (MSG_TRUNC tells its length) and its tail is gone
# TCP is a byte stream: two sends may come out of one read. UDP keeps each
# datagram whole: the server is stopped (SIGSTOP) while two clients send
# "one" and "two"; both wait in its receive queue (ss: Recv-Q > 0); after
# SIGCONT each recvfrom returns exactly one datagram, with the address of
# the client that sent it, so each reply goes back to its own sender.
# With -b 16 the server reads into 16 bytes: a 20-byte datagram is cut,
# recvfrom with MSG_TRUNC (Linux) returns 20, and the 4 bytes left over are
# not the start of the next read: they are gone.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

start bad udpserver -p 0 -b 0
expect_exit bad 2
expect bad "^invalid buffer size '0'"
start server udpserver -p 0 -b 16
ready server
start c1 udpclient -p "$PORT" 127.0.0.1
start c2 udpclient -p "$PORT" 127.0.0.1
stop server STOP
stopped server
send c1 one
send c2 two
queued() { _q=$(ss -Huan "( sport = :$PORT )" | awk '{ print $2 }') && [ "${_q:-0}" -gt 0 ]; }
# Both datagrams in the queue: the stopped server's Recv-Q (bytes of buffer
# the two take) stays put once the second is in.
wait_for c1 '^send bytes: 3$'
wait_for c2 '^send bytes: 3$'
wait_true "datagrams queued for the stopped server (ss Recv-Q)" queued
note ss "server stopped: $(ss -Huan "( sport = :$PORT )" | tr -s ' ' ' ')"
expect_not server 'received'
stop server CONT
wait_for server '^received 3 bytes: two$'
expect_count server '^received 3 bytes: (one|two)$' 2
expect_not server 'onetwo|twoone'
expect c1 '^Hi, one$'
expect c2 '^Hi, two$'
expect_not c1 'two'
expect_not c2 'one'

# 20 bytes into a 16-byte buffer, then one more datagram.
send c1 abcdefghijklmnopqrst
expect server '^datagram of 20 bytes cut to 16 \(MSG_TRUNC\)$'
expect server '^received 16 bytes: abcdefghijklmnop$'
expect c1 '^Hi, abcdefghijklmnop$'
send c1 x
expect server '^received 1 bytes: x$'
expect_not server 'qrst'
eof c1
eof c2
expect_exit c1 0
expect_exit c2 0
stop server INT
expect_exit server 0
expect server '^received 4 datagrams$'
pass
