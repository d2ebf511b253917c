#!/usr/bin/env bash
# The kernel's TCP states of the three endings of graceclient, from the
# kernel's own tracepoint (sock:inet_sock_set_state, via tests/wirecap), not
# guessed from the output:
#   close     client ESTABLISHED -> FIN-WAIT-1 -> FIN-WAIT-2, server CLOSE-WAIT;
#             the reply to data1 meets a closed socket: the client's RST ends it
#   shutdown  server CLOSE-WAIT -> LAST-ACK; the client ends in TIME-WAIT (ss too)
#   abort     an RST at once: the client never enters FIN-WAIT-* or TIME-WAIT
#   close, then the server closes at once: FIN-WAIT-2 -> TIME-WAIT (ss too);
#   the server's exit closes its listener: LISTEN -> CLOSED
#   (time_wait.sh: the server closes later, the client has gone meanwhile)
# Needs root, tcpdump and tracefs.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

start server graceserver -p 0 -n 4 -d 0.2
ready server
wire "$PORT"
has_states || skip "no state lines: $(grep '^# no state' "$T/wire.out")"
client_port() { sed -nE 's/^connection from 127\.0\.0\.1:([0-9]+)$/\1/p' "$T/server.out" | sed -n "$1p"; }

note test "--- close"
start client graceclient -p "$PORT" -w 0.2 127.0.0.1
send client data1
wait_for server '^received 5 bytes: data1$'
send client data2 close
wait_for server '^error write: Broken pipe \(32\)$'
expect_exit client 0
c=$(client_port 1)
expect_state "^client:$c  ESTABLISHED -> FIN-WAIT-1$"
expect_state "^client:$c  FIN-WAIT-1 -> FIN-WAIT-2$"
expect_state "^server:$PORT  ESTABLISHED -> CLOSE-WAIT$"
expect_state "^client:$c  sends RST"
expect_state "^server:$PORT  receives RST$"
expect_state "^server:$PORT  CLOSE-WAIT -> CLOSED$"
expect_no_state "^client:$c  .*TIME-WAIT"
expect_no_state "LAST-ACK"

note test "--- shutdown"
start client graceclient -p "$PORT" 127.0.0.1
send client data1 data2 shutdown
expect_exit client 0
c=$(client_port 2)
expect_state "^client:$c  ESTABLISHED -> FIN-WAIT-1$"
expect_state "^server:$PORT  CLOSE-WAIT -> LAST-ACK$"
expect_state "^client:$c  FIN-WAIT-2 -> TIME-WAIT$"
expect_ss "the client's TIME-WAIT" state time-wait "( sport = :$c )"
expect_no_state "^client:$c  sends RST"

note test "--- abort"
start client graceclient -p "$PORT" 127.0.0.1
send client data1
wait_for client '^Hi, data1$'
send client abort
expect_exit client 0
c=$(client_port 3)
expect_state "^client:$c  ESTABLISHED -> CLOSED$"
expect_state "^client:$c  sends RST"
expect_no_state "^client:$c  .*(FIN-WAIT|TIME-WAIT)"
expect_no_ss "a TIME-WAIT of the aborted connection" state time-wait "( sport = :$c )"

note test "--- close, then the server closes"
start client graceclient -p "$PORT" -w 0 127.0.0.1
send client close
expect_exit client 0
wait_count server '^client closed$' 2
expect_exit server 1 # the first connection's write failed
expect_state "^server:$PORT  LISTEN -> CLOSED$" # (this namespace's listener: wirecap counts them)
c=$(client_port 4)
expect_state "^client:$c  FIN-WAIT-1 -> FIN-WAIT-2$"
expect_state "^client:$c  FIN-WAIT-2 -> TIME-WAIT$"
expect_ss "the client's TIME-WAIT" state time-wait "( sport = :$c )"
pass
