#!/usr/bin/env bash
# demo: reuseaddr-ipv6-restart — the Ctrl-C restart over IPv6: a TIME-WAIT on [::1]:PORT, addressused -6 fails (98), addressused2 -6 restarts at once
# The chapter's lesson with a telnet-style client on ::1: the server closed
# first, so the TIME-WAIT sits on its port; SO_REUSEADDR decides the restart,
# whatever the family.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
"$BIN/make_socket" -6 -p 0 >/dev/null 2>"$T/v6" || skip "no IPv6 here: $(cat "$T/v6")"

# leave_time_wait PROG: PROG -6 serves a client on ::1 and is stopped with
# Ctrl-C while connected; then the client closes. Sets PORT.
leave_time_wait() {
    start "$1" "$1" -6 -p "${PORT:-0}"
    ready "$1"
    expect "$1" "^listening on \[::\]:$PORT\$"
    exec {c}<>"/dev/tcp/::1/$PORT" || fail "cannot connect to [::1]:$PORT"
    note telnet "network"; printf 'network\r\n' >&"$c"
    wait_for "$1" '^received 9 bytes: network$'
    stop "$1" INT
    expect_exit "$1" 130
    note telnet "(Connection closed by foreign host.)"; exec {c}>&-
    wait_ss "TIME-WAIT on the server's port" state time-wait "( src [::1]:$PORT )"
}

PORT=0
leave_time_wait addressused
start again addressused -6 -p "$PORT"
expect_exit again 1
expect again '^bind failed: .* \(98\)$'
expect again "^hint: \[::\]:$PORT is taken: .* a TIME-WAIT of an earlier run"

PORT=0
leave_time_wait addressused2
start fixed addressused2 -6 -p "$PORT"
ready fixed
expect fixed "^listening on \[::\]:$PORT\$"
pass
