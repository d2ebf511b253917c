#!/usr/bin/env bash
# A program whose stdout fails (here /dev/full: every write is ENOSPC) says
# so on stderr, `stdout failed: ...`, and exits 1 instead of running on
# with its output lost: a server right after its readiness line, a client
# before it sends the line it could not announce (the server gets nothing),
# -h too.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
[ -w /dev/full ] || skip "no /dev/full on this system"

start server udpserver -p 0
ready server

# full PROGRAM ARGS...: run it with stdout on /dev/full, one line on stdin.
full() {
    local rc
    printf 'g1\n' | timeout 5 "$BIN/$1" "${@:2}" >/dev/full 2>"$T/err"
    rc=$?
    mapfile -t err <"$T/err" # (no head, no grep: 12 runs)
    note test "$* >/dev/full: exit $rc, ${err[0]:-}"
    [ "$rc" = 1 ] || fail "$* >/dev/full exited $rc, expected 1 (124: it ran on)"
    for l in "${err[@]}"; do [[ $l != "stdout failed: "* ]] || return 0; done
    fail "$* >/dev/full said: $(cat "$T/err")"
}
for prog in udpserver udpconnectserver; do
    full $prog -p 0
    full $prog -h
done
for prog in udpclient udpconnectclient udpconnectclient2; do
    full $prog -p "$PORT" 127.0.0.1
    full $prog -h
done
full udpclient -s 10 -p "$PORT" 127.0.0.1
full udpconnectserver -p 0 -d 1 # its "each reply waits" line is lost too

start client udpclient -p "$PORT" 127.0.0.1
send client g2 && wait_for client '^Hi, g2$'
eof client && expect_exit client 0
stop server INT && expect_exit server 0
expect server '^received 1 datagrams$' # only g2: no client sent unannounced
expect_not server 'g1'
pass
