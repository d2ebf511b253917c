#!/usr/bin/env bash
# The Linux detail: a TIME-WAIT connection keeps the SO_REUSEADDR setting
# of the socket it came from. Left by addressused (option off), it blocks
# even addressused2: bind() needs the option on BOTH sides.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

start server addressused -p 0
ready server
exec {c}<>"/dev/tcp/127.0.0.1/$PORT" || fail "cannot connect"
printf 'network\r\n' >&"$c"
wait_for server '^received 9 bytes: network$'
stop server INT
expect_exit server 130
exec {c}>&-

wait_ss "TIME-WAIT left by addressused" state time-wait "( sport = :$PORT )"
start again addressused2 -p "$PORT"
expect_exit again 1
expect again '^bind failed: .* \(98\)$'
pass
