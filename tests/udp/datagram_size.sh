#!/usr/bin/env bash
# The largest UDP datagram over IPv4: 65507 bytes (65535 - 20 IP - 8 UDP).
# 65507 goes through (the reply is cut to fit); 65508 is refused by sendto
# with EMSGSIZE, reported, and nothing crashes; a too-long stdin line is
# skipped and the client goes on.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
rep() { # VAR CHAR N: VAR := N times CHAR (doubling: no head | tr)
    local s=$2
    while ((${#s} < $3)); do s+=$s; done
    printf -v "$1" %s "${s:0:$3}"
}

start server udpserver -p 0
ready server

start max udpclient -p "$PORT" -s 65507 127.0.0.1
expect_exit max 0
expect max '^send bytes: 65507$'
expect max '^reply of 65507 bytes$'
wait_for server '^reply cut to 65507 bytes' # printed after the message
# (compared as strings: a 65507-character regex is too big for grep)
rep a a 65507
mapfile -t out <"$T/server.out"
for l in "${out[@]}" ''; do [ "$l" != "received 65507 bytes: $a" ] || break; done
[ -n "$l" ] || fail "server did not print the 65507 a's"

start over udpclient -p "$PORT" -s 65508 127.0.0.1
expect_exit over 1
expect over '^sendto failed: .* \(90\)$'
expect over '^not sent: 65508 bytes, one UDP datagram carries at most 65507$'

# Line mode: the 65508-byte line is skipped, the next one is answered.
rep b b 65508 && printf '%s\ng1\n' "$b" >"$T/lines"
IN=$T/lines start lines udpclient -p "$PORT" 127.0.0.1
expect_exit lines 0
expect lines '^sendto failed: .* \(90\)$'
expect lines '^Hi, g1$'
expect_not lines '^send bytes: 65508'

stop server INT
expect_exit server 0
expect server '^received 2 datagrams$'
pass
