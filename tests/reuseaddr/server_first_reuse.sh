#!/usr/bin/env bash
# demo: reuseaddr-fixed — the same Ctrl-C with addressused2 (SO_REUSEADDR): it restarts at once despite the TIME-WAIT
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

start server addressused2 -p 0
ready server
exec {c}<>"/dev/tcp/127.0.0.1/$PORT" || fail "cannot connect"
note telnet "network"; printf 'network\r\n' >&"$c"
wait_for server '^received 9 bytes: network$'
note telnet "good"; printf 'good\r\n' >&"$c"
wait_for server '^received 6 bytes: good$'
stop server INT
expect_exit server 130
note telnet "(Connection closed by foreign host.)"; exec {c}>&-

wait_ss "TIME-WAIT on the server's port" state time-wait "( sport = :$PORT )"
start again addressused2 -p "$PORT"
ready again
expect again "^listening on 0\.0\.0\.0:$PORT\$"
pass
