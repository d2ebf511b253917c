#!/usr/bin/env bash
# The connected server's only client vanishes while a reply is on its way:
# the reply draws ICMP port unreachable, the server's next recvfrom reports
# ECONNREFUSED once and the server exits (no loop around the error).
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

start server udpconnectserver -p 0 -d "$(timer 0.5 3)"
ready server
start c1 udpconnectclient2 -p "$PORT" 127.0.0.1
send c1 g1
wait_for server '^received 2 bytes: g1$' # the server is now pausing before its reply
stop c1 KILL
expect_exit c1 137

expect_exit server 1 10
expect server '^send bytes: 6$'
expect server '^recvfrom failed: .* \(111\)$'
expect server '^hint: our reply drew ICMP port unreachable: no client any more at 127\.0\.0\.1:[0-9]+$'
expect_count server 'failed' 1
pass
