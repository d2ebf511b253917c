#!/usr/bin/env bash
# demo: reuseaddr-client-first — a telnet-style client types network, good and leaves first: the TIME-WAIT is the client's, the server restarts at once
# The active closer keeps the TIME-WAIT; here that is the client, so the
# server's port is free again: addressused (no SO_REUSEADDR) restarts.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

start server addressused -p 0
ready server
exec {c}<>"/dev/tcp/127.0.0.1/$PORT" || fail "cannot connect"
note telnet "network"; printf 'network\r\n' >&"$c"
wait_for server '^received 9 bytes: network$'
note telnet "good"; printf 'good\r\n' >&"$c"
wait_for server '^received 6 bytes: good$'
note telnet "(quit)"; exec {c}>&-

expect_exit server 0
expect server '^client closed$'
expect_ss "the client's TIME-WAIT" state time-wait "( dport = :$PORT )"
expect_no_ss "TIME-WAIT on the server's port" state time-wait "( sport = :$PORT )"
start again addressused -p "$PORT"
ready again
expect again "^listening on 0\.0\.0\.0:$PORT\$"
pass
