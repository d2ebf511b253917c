#!/usr/bin/env bash
# Standard descriptors and stdout failures, for every nagle/ program:
# started with fd 0, 1 or 2 closed, each refuses to run (exit 2) instead of
# letting socket() take that number; with stdout on /dev/full each stops
# with exit 1 and `stdout failed`. Ctrl-Z and fg change nothing for
# batchwrite waiting in poll().
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

start server nagleserver -p 0
ready server
args() {
    case $1 in
    nagleserver) echo "-p 0 -n 1" ;;
    nagleclient) echo "-p $PORT -m writev -n 2 127.0.0.1" ;;
    *) echo "-p $PORT 127.0.0.1" ;;
    esac
}
echo line >"$T/line"
for prog in nagleserver batchwrite nagleclient; do
    # shellcheck disable=SC2046 # the arguments are words on purpose
    for fd in 0 1 2; do
        case $fd in
        0) timeout 5 "$BIN/$prog" $(args $prog) <&- >"$T/out" 2>"$T/err" ;;
        1) timeout 5 "$BIN/$prog" $(args $prog) >&- 2>"$T/err" <"$T/line" ;;
        2) timeout 5 "$BIN/$prog" $(args $prog) 2>&- >"$T/out" <"$T/line" ;;
        esac
        rc=$?
        note test "$prog with fd $fd closed: exit $rc, $(head -c 200 "$T/err")"
        [ "$rc" = 2 ] || fail "$prog with fd $fd closed exited $rc, expected 2"
        : >"$T/err"
    done
    timeout 5 "$BIN/$prog" $(args $prog) >/dev/full 2>"$T/err" <"$T/line"
    rc=$?
    note test "$prog >/dev/full: exit $rc, $(head -c 200 "$T/err")"
    [ "$rc" = 1 ] || fail "$prog >/dev/full exited $rc, expected 1"
    grep -q '^stdout failed' "$T/err" || fail "$prog >/dev/full did not say stdout failed: $(cat "$T/err")"
done

start client batchwrite -p "$PORT" 127.0.0.1
send client one
wait_for client '^server answered: ok 10$'
stop client STOP
stopped client
stop client CONT
send client two
wait_for client '^server answered: ok 10$'
wait_count client '^server answered: ok 10$' 2
eof client
expect_exit client 0
pass
