#!/usr/bin/env bash
# demo: tcp-urgent-data — "out-of-band" data: one byte sent with MSG_OOB travels in order, flagged URG; the reader finds the mark with ioctl SIOCATMARK and fetches the byte with recv(MSG_OOB), outside the normal bytes
# tcpclient -o sends 3000 bytes of 'a', then '!' with send(MSG_OOB): one
# segment on the wire with the URG flag and an urgent pointer (`[P.U]`,
# `urg 1`). TCP has no second channel: the byte comes after the 3000 in the
# same stream. tcpserver -r -o (waiting 0.2 s first, so everything is in)
# asks ioctl(SIOCATMARK) before each read: the normal reads return the 3000
# 'a's and stop at the mark; there recv(MSG_OOB) returns '!', which no
# normal read ever returns: the server counts 3000 bytes, not 3001.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
need tcpdump
real_root || skip "capturing needs real root (tcpdump cannot drop privileges in an unprivileged namespace)"

start server tcpserver -p 0 -n 1 -f "$(timer 0.2 2)" -r -o -d 0
ready server
start dump "$(command -v tcpdump)" -i lo -n -l --immediate-mode "tcp port $PORT"
wait_for dump '^listening on'
start client tcpclient -p "$PORT" -s 3000 -o 127.0.0.1
expect client "^sent urgent byte '!' \\(MSG_OOB\\)\$"
expect_exit client 0
wait_for dump "> 127\\.0\\.0\\.1\\.$PORT: Flags \\[P\\.U\\], seq 3001:3002, .*urg 1, .*length 1\$"
expect_exit server 0
expect server "^at the urgent mark \\(SIOCATMARK\\): recv MSG_OOB returned '!'\$"
expect server '^client closed, 3000 bytes read$'
# The mark comes after the 3000 normal bytes: every one read before it.
sum=$(awk '/^read returned/ { s += $3 } /^at the urgent mark/ { print s; exit }' "$T/server.out")
note test "normal bytes read before the mark: $sum"
[ "$sum" = 3000 ] || fail "$sum normal bytes read before the urgent mark, expected 3000"
expect_count dump 'Flags \[[^]]*U' 1
pass
