#!/usr/bin/env bash
# 20 requests of 10 B + 10 B per mode. With Nagle on, the second half waits
# for the ACK of the first, which delayed ACK holds back (~40 ms): many
# requests stall. TCP_NODELAY, one writev() or TCP_CORK: none does.
# Counts, not medians: how often Nagle stalls depends on the kernel
# (net.ipv4.tcp_pingpong_thresh).
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

start server nagleserver -p 0
ready server
stalled() { awk -v m="$1" '$1 == m { print $7 }' "$T/$1.out"; }
for mode in nagle nodelay writev cork; do
    start $mode nagleclient -p "$PORT" -m $mode -n 20 127.0.0.1
    expect_exit $mode 0 15
    expect $mode '^mode +requests +min_ms +median_ms +p90_ms +max_ms +>=30ms$'
    expect $mode "^$mode +20 +[0-9.]+ +[0-9.]+ +[0-9.]+ +[0-9.]+ +[0-9]+\$"
done
note test "requests >= 30 ms: nagle $(stalled nagle), nodelay $(stalled nodelay), writev $(stalled writev), cork $(stalled cork)"
[ "$(stalled nagle)" -ge 5 ] || fail "Nagle stalled only $(stalled nagle) of 20 requests"
for mode in nodelay writev cork; do
    [ "$(stalled $mode)" -le 1 ] || fail "$mode stalled $(stalled $mode) of 20 requests"
done

# What the server saw: halves as separate reads with Nagle, whole requests with writev.
wait_for server '^received 10 bytes: req 00002 $'
wait_for server '^received 10 bytes: body data$'
wait_for server '^received 20 bytes: req 00002 body data$'
pass
