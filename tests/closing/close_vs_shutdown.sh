#!/usr/bin/env bash
# demo: close-vs-shutdown — data1, data2, then close (replies lost, RST, EPIPE); again with shutdown (replies arrive, FIN both ways)
# The headline experiment of the notes, both halves against one server
# (-n 2), with the segments on the wire. Needs tcpdump as root in a test.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

start server graceserver -p 0 -n 2 -d "$(timer 0.2 5)"
ready server
wire "$PORT"

note test "--- 1. close: both directions end at once"
start client graceclient -p "$PORT" -w "$(timer 0.3 6)" 127.0.0.1
send client data1
wait_for server '^received 5 bytes: data1$'
send client data2 close
wait_for server '^error write: .* \(32\)$' "$(timer 5 15)"
expect_exit client 0
expect_not client '^Hi,'
c1=$(sed -nE '1,/^error write/s/^connection from 127\.0\.0\.1:([0-9]+)$/\1/p' "$T/server.out")
expect_wire "^client:$c1 -> server:$PORT  \[FIN,ACK\]"
expect_wire "^client:$c1 -> server:$PORT  \[RST\]" # the answer to "Hi, data1"

note test "--- 2. shutdown: only the client's sending side ends"
start client graceclient -p "$PORT" 127.0.0.1
send client data1
wait_count server '^received 5 bytes: data1$' 2 # the second client's
send client data2 shutdown
wait_for client '^Hi, data1$' "$(timer 5 15)"
wait_for client '^Hi, data2$' "$(timer 5 15)"
expect_exit client 0
expect client '^server terminated$'
expect_exit server 1 # the first connection's write failed
expect server '^client closed$'
c2=$(sed -nE 's/^connection from 127\.0\.0\.1:([0-9]+)$/\1/p' "$T/server.out" | tail -n 1)
expect_wire "^client:$c2 -> server:$PORT  \[FIN,ACK\]"
expect_wire "^server:$PORT -> client:$c2  \[FIN,ACK\]"
expect_no_wire "client:$c2.*RST"
pass
