#!/usr/bin/env bash
# demo: nagle-ipv6 — Nagle's stall over IPv6 (nagleserver -6, nagleclient ::1): two small writes wait for the delayed ACK; TCP_NODELAY does not
# 20 requests of 10 B + 10 B per mode on ::1: with Nagle on, many requests
# take 30 ms or more (delayed ACK, ~40 ms), with TCP_NODELAY at most one.
# Nagle's algorithm and delayed ACK are TCP's, the family does not matter.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
"$BIN/make_socket" -6 -p 0 >/dev/null 2>"$T/v6" || skip "no IPv6 here: $(cat "$T/v6")"

start server nagleserver -6 -p 0
ready server
expect server "^listening on \[::\]:$PORT\$"
stalled() { awk -v m="$1" '$1 == m { print $7 }' "$T/$1.out"; }
for mode in nagle nodelay; do
    start $mode nagleclient -p "$PORT" -m $mode -n 20 ::1
    expect_exit $mode 0 15
    expect $mode "^$mode +20 +[0-9.]+ +[0-9.]+ +[0-9.]+ +[0-9.]+ +[0-9]+\$"
done
wait_for server '^connection from \[::1\]:[0-9]+$'
note test "requests >= 30 ms over ::1: nagle $(stalled nagle), nodelay $(stalled nodelay)"
[ "$(stalled nagle)" -ge 5 ] || fail "Nagle stalled only $(stalled nagle) of 20 requests"
[ "$(stalled nodelay)" -le 1 ] || fail "nodelay stalled $(stalled nodelay) of 20 requests"
wait_for server '^received 10 bytes: body data$' # the halves read apart with Nagle
pass
