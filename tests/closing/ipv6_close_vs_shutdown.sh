#!/usr/bin/env bash
# demo: closing-ipv6 — close vs shutdown over IPv6 (graceserver -6, graceclient ::1): the same lines, the same kernel states
# The headline experiment with the client on ::1. close: no reply reaches
# the client, the server's write fails (EPIPE, 32), the client's kernel
# answered the late reply with RST (TcpOutRsts grows; no TIME-WAIT is left
# for that port). shutdown: both replies and `server terminated`, the
# server sees `client closed`, and the client, which closed first, holds
# the TIME-WAIT on [::1]:its port.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
"$BIN/make_socket" -6 -p 0 >/dev/null 2>"$T/v6" || skip "no IPv6 here: $(cat "$T/v6")"
# rsts: TCP resets this namespace has sent (both families share the counter).
rsts() { awk '$1 == "Tcp:" && !n { for (i = 1; i <= NF; i++) if ($i == "OutRsts") c = i; n = 1; next }
             $1 == "Tcp:" { print $c }' /proc/net/snmp; }

start server graceserver -6 -p 0 -n 2 -d "$(timer 0.2 5)"
ready server
expect server "^listening on \[::\]:$PORT\$"

note test "--- 1. close: both directions end at once"
before=$(rsts)
start client graceclient -p "$PORT" -w "$(timer 0.3 6)" ::1
send client data1
wait_for server '^received 5 bytes: data1$'
c1=$(sed -nE 's/^connection from \[::1\]:([0-9]+)$/\1/p' "$T/server.out")
[ -n "$c1" ] || fail "the server did not print the client as [::1]:PORT"
send client data2 close
wait_for server '^error write: .* \(32\)$' "$(timer 5 15)"
expect_exit client 0
expect_not client '^Hi,'
note snmp "TcpOutRsts $before -> $(rsts)"
[ "$(rsts)" -gt "$before" ] || fail "no RST was sent after close"
expect_no_ss "a TIME-WAIT of the closed client" state time-wait "( src [::1]:$c1 )"

note test "--- 2. shutdown: only the client's sending side ends"
start client graceclient -p "$PORT" ::1
send client data1
wait_count server '^received 5 bytes: data1$' 2
send client data2 shutdown
wait_for client '^Hi, data1$' "$(timer 5 15)"
wait_for client '^Hi, data2$' "$(timer 5 15)"
expect_exit client 0
expect client '^server terminated$'
expect_exit server 1 # the first connection's write failed
expect server '^client closed$'
c2=$(sed -nE 's/^connection from \[::1\]:([0-9]+)$/\1/p' "$T/server.out" | tail -n 1)
wait_ss "the client's TIME-WAIT (it closed first)" state time-wait "( src [::1]:$c2 and dst [::1]:$PORT )"
pass
