#!/usr/bin/env bash
# demo: tcp-buffer-sizes — SO_SNDBUF/SO_RCVBUF: what the kernel really gives, and how the send buffer's size moves the moment send() returns
# Linux doubles the size asked for (the other half pays for its bookkeeping)
# and caps it at net.core.wmem_max / rmem_max; ss -m (skmem) shows the same
# sizes as tb (send buffer) and rb (receive buffer). A blocking send() of
# 256 KiB returns once the last byte fits in the send buffer: with a small
# one that is when the slow reader has read almost everything, with a large
# one at once.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

bytes=262144
delay=$(timer 0.002 0.02) # (1 ms failed under load: the transfer ended before ss looked)

# 1. A small send buffer (8 KiB) and a small receive buffer (32 KiB).
start server tcpserver -p 0 -n 1 -d "$delay" -R 16384
ready server
expect server '^SO_RCVBUF: asked 16384 bytes, the kernel gave 32768$'
start client tcpclient -p "$PORT" -s $bytes -W 4096 127.0.0.1
expect client '^SO_SNDBUF: asked 4096 bytes, the kernel gave 8192$'
# While the client is blocked in send(): both buffers in ss -m.
wait_count server '^1K read for' 20
sk=$(ss -Htnm "( sport = :$PORT or dport = :$PORT )" | tr -s ' \t\n' ' ')
note ss "during the transfer: $sk"
[[ $sk =~ :$PORT\ [0-9.]+:[0-9]+\ skmem:\(r[0-9]+,rb32768, ]] ||
    fail "ss -m does not show the server's rb32768: $sk"
[[ $sk =~ :$PORT\ skmem:\(r[0-9]+,rb[0-9]+,t[0-9]+,tb8192, ]] ||
    fail "ss -m does not show the client's tb8192: $sk"
running client || fail "the client finished while the server had read only 20 KiB"
wait_for client '^send into buffer'
small=$(grep -c '^1K read for' "$T/server.out")
note test "small send buffer: send() returned when the server had read $small of 256 KiB"
expect_exit client 0
expect_exit server 0 30
expect server "^client closed, $bytes bytes read\$"

# 2. A send buffer larger than the data (the cap: 2 x wmem_max): send()
#    returns at once, the data waits in the kernel.
wmem_max=$(cat /proc/sys/net/core/wmem_max)
start server tcpserver -p 0 -n 1 -d "$delay" -R 16384
ready server
start client tcpclient -p "$PORT" -s $bytes -W 1073741824 127.0.0.1
expect client "^SO_SNDBUF: asked 1073741824 bytes, the kernel gave $((2 * wmem_max))\$"
wait_for client '^send into buffer'
large=$(grep -c '^1K read for' "$T/server.out")
note test "large send buffer: send() returned when the server had read $large of 256 KiB"
expect_exit client 0
[ "$small" -ge 150 ] && [ "$large" -le 100 ] ||
    fail "send() returned after $small KiB were read (8 KiB buffer) vs $large KiB ($((2 * wmem_max)) bytes): expected late vs early"
expect_exit server 0 30
expect server "^client closed, $bytes bytes read\$"
pass
