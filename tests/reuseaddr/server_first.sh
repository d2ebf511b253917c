#!/usr/bin/env bash
# demo: reuseaddr-server-first — Ctrl-C on addressused while a client is connected: TIME-WAIT on the server's port, the restart fails with EADDRINUSE
# The server closed first, so the TIME-WAIT sits on its port (9527 in the
# notes) for about a minute, and a server without SO_REUSEADDR cannot bind.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

start server addressused -p 0
ready server
exec {c}<>"/dev/tcp/127.0.0.1/$PORT" || fail "cannot connect"
note telnet "network"; printf 'network\r\n' >&"$c"
wait_for server '^received 9 bytes: network$'
stop server INT
expect_exit server 130
note telnet "(Connection closed by foreign host.)"; exec {c}>&-

wait_ss "TIME-WAIT on the server's port" state time-wait "( sport = :$PORT )"
start again addressused -p "$PORT"
expect_exit again 1
expect again '^bind failed: .* \(98\)$'
expect again "^hint: 0\.0\.0\.0:$PORT is taken: .* a TIME-WAIT of an earlier run \(ss -tan state time-wait '\( sport = :$PORT \)'\); wait for it, or use another port with -p\$"
pass
