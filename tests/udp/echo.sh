#!/usr/bin/env bash
# demo: udp-echo — udpserver answers each datagram with "Hi, " and the message
# g1, g2 -> Hi, g1, Hi, g2; the server sees each datagram whole.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

start server udpserver -p 0
ready server
expect server "^bound to 0\.0\.0\.0:$PORT\$"
# No LISTEN state in UDP: ss shows the socket UNCONN (bound, no peer).
line=$(ss -Huan "( sport = :$PORT )")
note ss "server socket: $line"
[[ $line == UNCONN* ]] || fail "expected an UNCONN UDP socket on $PORT, ss shows: ${line:-(none)}"

start client udpclient -p "$PORT" 127.0.0.1
send client g1
wait_for client '^Hi, g1$'
send client g2
wait_for client '^Hi, g2$'
eof client
expect_exit client 0

wait_for server '^received 2 bytes: g1$'
wait_for server '^received 2 bytes: g2$'
diff <(printf '%s\n' 'now sending g1' 'send bytes: 2' 'Hi, g1' \
    'now sending g2' 'send bytes: 2' 'Hi, g2') "$T/client.out" >&2 || fail "client transcript differs (above)"
pass
