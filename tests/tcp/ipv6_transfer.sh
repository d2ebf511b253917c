#!/usr/bin/env bash
# demo: tcp-ipv6-transfer — the transfer over IPv6: tcpserver -6 listens on [::], tcpclient ::1 sends 100 KiB
# The same lines as over IPv4, the addresses in brackets: `listening on
# [::]:PORT`, `connecting to [::1]:PORT`, `connection from [::1]:N`; the
# kernel shows the connection between [::1] ports, and every byte arrives.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
# No IPv6 in this kernel (booted with ipv6.disable=1): socket(AF_INET6) fails.
"$BIN/make_socket" -6 -p 0 >/dev/null 2>"$T/v6" || skip "no IPv6 here: $(cat "$T/v6")"

start server tcpserver -6 -p 0 -n 1 -d "$(timer 0.002 0.001)"
ready server
expect server "^listening on \[::\]:$PORT\$"
start client tcpclient -p "$PORT" -s 102400 ::1
expect client "^connecting to \[::1\]:$PORT \.\.\.\$"
wait_for server '^connection from \[::1\]:[0-9]+$'
cport=${MATCHED##*:}
wait_ss "the connection over ::1" "( src [::1]:$cport and dst [::1]:$PORT )"
expect_exit client 0
expect_exit server 0

sent=$(awk '/^send into buffer/ { s += $4 } END { print s + 0 }' "$T/client.out")
[ "$sent" -eq 102400 ] || fail "client's send() calls add up to $sent, not 102400"
expect server '^1K read for 100$'
expect server '^client closed, 102400 bytes read$'
pass
