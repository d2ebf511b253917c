#!/usr/bin/env bash
# A 5000-byte line goes out in pieces (4096 + 904), a line with NUL bytes is
# shown with '?' for them, and so are terminal controls (ESC, C1 CSI raw or
# in UTF-8, a stray byte) while UTF-8 text passes; the server's replies never
# overflow its buffer.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

start server graceserver -p 0 -d 0
ready server
start client graceclient -p "$PORT" 127.0.0.1
head -c 5000 /dev/zero | tr '\0' x >"$T/long"
echo >>"$T/long"
send_raw client "$T/long"
wait_for client '^send bytes: 904$'
# No framing (closing/README.md): let the server read all of it first, or
# the next line may arrive in the same read().
read_total() { awk '/^received [0-9]+ bytes/ { s += $2 } END { exit !(s >= '"$1"') }' "$T/server.out"; }
wait_true "the server read all 5000 bytes" read_total 5000
printf 'ab\0cd\n' >"$T/nul"
send_raw client "$T/nul"
wait_for server '^received 5 bytes: ab\?cd$'
wait_for client '^Hi, ab\?cd$'
printf 'a\033[1mb\x9b1m\xc2\x9bc你好\xe4\n' >"$T/ctl" # 19 bytes and a newline
send_raw client "$T/ctl"
wait_for server '^received 19 bytes: a\?\[1mb\?1m\?c你好\?$'
wait_for client '^Hi, a\?\[1mb\?1m\?c你好\?$'
expect client '^now sending a\?\[1mb\?1m\?c你好\?$'
send client shutdown
expect_exit client 0
expect_exit server 0
expect client '^send bytes: 4096$'
got=$(awk '/^received [0-9]+ bytes/ { s += $2 } END { print s + 0 }' "$T/server.out")
[ "$got" -eq 5024 ] || fail "the server received $got bytes, expected 5024"
pass
