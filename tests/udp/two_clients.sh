#!/usr/bin/env bash
# Two clients take turns on one server (g1..g4); Ctrl-C on the server prints
# how many datagrams it got and exits 0.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

start server udpserver -p 0
ready server
start c1 udpclient -p "$PORT" 127.0.0.1
start c2 udpclient -p "$PORT" 127.0.0.1
for turn in c1:g1 c2:g2 c1:g3 c2:g4; do
    send "${turn%%:*}" "${turn#*:}"
    wait_for "${turn%%:*}" "^Hi, ${turn#*:}\$"
done
expect_count c1 '^Hi, ' 2
expect_count c2 '^Hi, ' 2

stop server INT
expect_exit server 0
expect server '^received 4 datagrams$'
for m in g1 g2 g3 g4; do expect server "^received 2 bytes: $m\$"; done
pass
