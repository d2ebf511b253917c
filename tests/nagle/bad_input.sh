#!/usr/bin/env bash
# -h, bad arguments, no server, and a server that vanishes mid-session:
# clear messages and the documented exit status, never a crash.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
# try NAME CODE PROGRAM ARGS...: run a program that only parses its
# arguments at once, its output in $T/NAME.out (what expect NAME reads), and
# check its exit status (bounded: a program that wrongly starts serving
# ends with 124). Not `start`: four processes and a poll loop each.
try() {
    local name=$1 code=$2 rc
    shift 2
    timeout -k 1 "$WAIT_SECS" "${_VG[@]}" "$BIN/$1" "${@:2}" </dev/null >"$T/$name.out" 2>&1
    rc=$?
    note "$name" "\$ $* (exit status $rc)"
    [ "$rc" = "$code" ] || fail "$* exited with $rc, expected $code: $(head -c 600 "$T/$name.out")"
    no_reports "$T/$name.out"
}

for prog in nagleserver batchwrite nagleclient; do
    try help 0 $prog -h
    expect help "^usage: $prog "
done
check() { # exit 2 and print $re
    try bad 2 "$@"
    expect bad "$re"
}
re='^usage: nagleserver'; check nagleserver extra
re="^invalid client count '-1'"; check nagleserver -n -1
re="^invalid mode 'fast'"; check nagleclient -m fast 127.0.0.1
re="^invalid request count '0'"; check nagleclient -n 0 127.0.0.1
re="^invalid request count '-3'"; check nagleclient -n -3 127.0.0.1
re="^invalid address '999\.1\.1\.1': not an IPv4 or IPv6 literal"; check nagleclient 999.1.1.1
re="^invalid address '999\.1\.1\.1': not an IPv4 or IPv6 literal"; check batchwrite 999.1.1.1
re='^usage: batchwrite'; check batchwrite
re="^invalid wait '1s': expected seconds from 0 to 3600"; check batchwrite -w 1s 127.0.0.1
re='^usage: nagleclient'; check nagleclient

start server nagleserver -p 0
ready server
start client batchwrite -p "$PORT" 127.0.0.1
send client world
wait_for client '^server answered: ok 12$'
stop server
wait_exit server
send client again # the server's kernel answers with RST or FIN
expect_exit client 1
expect client '^(server terminated|read failed: .* \(104\)|writev failed: .* \(32\))$'

start client nagleclient -p "$PORT" -n 5 127.0.0.1
expect_exit client 1
expect client '^connect failed: .* \(111\)$'
pass
