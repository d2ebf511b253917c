#!/usr/bin/env bash
# demo: nagle-vs-nodelay — the same 10 B + 10 B requests with Nagle, TCP_NODELAY, writev and TCP_CORK, side by side
# nagleclient -m all: every mode on its own connection, one table, and the
# ratio of Nagle's median to each of the others.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

start server nagleserver -p 0 -n 4
ready server
start client nagleclient -p "$PORT" -m all -n 20 127.0.0.1
expect_exit client 0 20
expect_exit server 0
for mode in nagle nodelay writev cork; do
    expect client "^$mode +20 +[0-9.]+ +[0-9.]+ +[0-9.]+ +[0-9.]+ +[0-9]+\$"
done
expect client '^median ratio: nagle/nodelay [0-9]+x nagle/writev [0-9]+x nagle/cork [0-9]+x$'
stalled=$(awk '$1 == "nagle" { print $7 }' "$T/client.out")
[ "$stalled" -ge 5 ] || fail "Nagle stalled only $stalled of 20 requests"
for mode in nodelay writev cork; do # (without these, the test passed with TCP_NODELAY gone)
    n=$(awk -v m=$mode '$1 == m { print $7 }' "$T/client.out")
    [ "$n" -le 1 ] || fail "$mode stalled $n of 20 requests"
done
expect_count server '^client closed, 400 bytes read$' 4
pass
