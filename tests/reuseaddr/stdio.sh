#!/usr/bin/env bash
# Closed standard descriptors refuse to start (exit 2); failing output
# (/dev/full) ends the server with exit 1; stop and continue change nothing.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

for prog in addressused addressused2; do
    for fd in 0 1 2; do
        rc=0
        eval "\"\$BIN\"/$prog -p 0 $fd>&-" </dev/null >"$T/out" 2>"$T/err" || rc=$?
        [ "$rc" = 2 ] || fail "$prog with fd $fd closed exited $rc, expected 2"
    done
    rc=0
    "$BIN"/$prog -p 0 >/dev/full 2>"$T/err" || rc=$?
    [ "$rc" = 1 ] || fail "$prog >/dev/full exited $rc, expected 1"
    grep -q '^stdout failed' "$T/err" || fail "$prog >/dev/full: $(cat "$T/err")"

    start server $prog -p 0
    ready server
    stop server STOP
    stopped server
    stop server CONT # blocked in accept()
    start client graceclient -p "$PORT" 127.0.0.1
    send client network
    wait_for server '^received 7 bytes: network$'
    stop server STOP
    stopped server
    stop server CONT # blocked in read()
    send client shutdown
    expect_exit client 0
    expect_exit server 0
    expect server '^client closed$'
done
pass
