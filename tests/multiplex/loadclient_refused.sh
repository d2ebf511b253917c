#!/usr/bin/env bash
# demo: mux-nonblocking-connect — a non-blocking connect() returns at once (EINPROGRESS); poll() wakes when the RST comes back, and getsockopt(SO_ERROR) says what a blocking connect() would have: Connection refused (111)
# loadclient against a port nobody listens on: every handshake it started
# ends in the kernel's RST, learned through SO_ERROR; the active connection
# failing makes it exit 1. The same for IPv6 (::1).
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

# A port that nobody listens on: a server's, once it has gone.
start probe pollserver -p 0 -q
ready probe
stop probe
expect_exit probe 0
expect_no_ss "a listener on the port" state listening "( sport = :$PORT )"

wire "$PORT"
start client loadclient -p "$PORT" -i 2 -a 1 -t 2 127.0.0.1
expect_exit client 1
expect client "^connect to 127\.0\.0\.1:$PORT failed \(SO_ERROR\): Connection refused \(111\)$"
expect client '^connected 0 of 3 in [0-9.]+ s: 3 refused, 0 failed$'
expect client '^idle 2: 0 answered, 0 closed by the server, 0 unanswered$'
expect client '^1 of 1 active connections did not connect$'
expect_count client 'Connection refused' 1 # the first refusal is printed, then counted
expect_not client '^requests '
# The kernel's side: three SYNs, each answered by a RST from the port.
expect_wire "^client:[0-9]+ -> server:$PORT  \[SYN\]"
wait_count wire "^server:$PORT -> client:[0-9]+  \[RST" 3
! has_states || wait_count state "^client:[0-9]+  SYN-SENT -> CLOSED$" 3
expect_no_ss "a socket left on the port" "( dport = :$PORT )"

# IPv6: the literal chooses the family; the address prints in brackets.
if [ -s /proc/net/if_inet6 ]; then
    start client6 loadclient -p "$PORT" ::1
    expect_exit client6 1
    expect client6 "^connect to \[::1\]:$PORT failed \(SO_ERROR\): Connection refused \(111\)$"
    expect client6 '^connected 0 of 1 in [0-9.]+ s: 1 refused, 0 failed$'
fi
pass
