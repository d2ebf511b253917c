#!/usr/bin/env bash
# demo: reuseaddr-one-port-space — IPv4 and dual-stack IPv6 share one port space: [::]:P and 0.0.0.0:P cannot both bind (98), an IPv6-only one can; an IPv4 TIME-WAIT blocks a dual-stack bind without SO_REUSEADDR
# A dual-stack socket ([::], IPV6_V6ONLY 0) also takes the port for IPv4,
# so a 0.0.0.0 bind of that port conflicts with it, either way round; with
# IPV6_V6ONLY 1 the two families are separate. The same holds for the
# TIME-WAIT an IPv4 connection leaves: `addressused -6` cannot bind a port
# whose IPv4 connection waits in TIME-WAIT, `addressused2 -6` (SO_REUSEADDR,
# as the server that left it) can, and an IPv6-only socket never minded it.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
"$BIN/make_socket" -6 -p 0 >/dev/null 2>"$T/v6" || skip "no IPv6 here: $(cat "$T/v6")"

# bind_fails NAME ARGS...: make_socket ARGS cannot bind: EADDRINUSE (98).
bind_fails() {
    start "$1" make_socket "${@:2}"
    expect_exit "$1" 1
    expect "$1" '^bind failed: .* \(98\)$'
}
# binds NAME RE ARGS...: make_socket ARGS binds and prints `bound to RE`.
binds() {
    start "$1" make_socket "${@:3}"
    expect_exit "$1" 0
    expect "$1" "^bound to $2\$"
}

# A dual-stack listener: no IPv4 bind of its port, and the other way round.
start dual tcpserver -6 -p 0 -n 1
ready dual
bind_fails v4_after_dual -p "$PORT"
start v4 tcpserver -p 0 -n 1
ready v4
bind_fails dual_after_v4 -6 -p "$PORT"
binds v6only_after_v4 "\[::\]:$PORT" -V -p "$PORT"
# An IPv6-only listener leaves 0.0.0.0 free.
start only tcpserver -V -p 0 -n 1
ready only
binds v4_after_only "0\.0\.0\.0:$PORT" -p "$PORT"

# An IPv4 TIME-WAIT (addressused2 stopped while connected: it closed first).
start old addressused2 -p 0
ready old
exec {c}<>"/dev/tcp/127.0.0.1/$PORT" || fail "cannot connect"
printf 'network\r\n' >&"$c"
wait_for old '^received 9 bytes: network$'
stop old INT
expect_exit old 130
exec {c}>&-
wait_ss "the IPv4 TIME-WAIT on the server's port" state time-wait "( src 127.0.0.1:$PORT )"
start plain addressused -6 -p "$PORT"
expect_exit plain 1
expect plain '^bind failed: .* \(98\)$'
expect plain "^hint: \[::\]:$PORT is taken: "
binds v6only_beside_tw "\[::\]:$PORT" -V -p "$PORT"
start reuse addressused2 -6 -p "$PORT"
ready reuse
expect reuse "^listening on \[::\]:$PORT\$"
pass
