#!/usr/bin/env bash
# Standard descriptors and stdout failures, for every keepalive/ program:
# started with fd 0, 1 or 2 closed, each refuses to run (exit 2, and says
# why when stderr is open) instead of letting socket() take that number
# (`pingclient ... >&-` once sent its log lines into the PING stream).
# With stdout on /dev/full, or a pipe whose reader left, each stops with
# exit 1 and `stdout failed`, instead of running on with its output lost.
# Stop and continue (Ctrl-Z, fg) changes nothing.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

start server pingserver -p 0 0
ready server
args() { # PROGRAM -> a command line that would run (server: -p 0; client: our server)
    case $1 in
    pingserver) echo "-p 0 -n 1 0" ;;
    keepaliveserver) echo "-p 0 -n 1" ;;
    *) echo "-p $PORT -t 1 127.0.0.1" ;;
    esac
}
for prog in pingserver pingclient keepaliveserver keepaliveclient; do
    # shellcheck disable=SC2046 # the arguments are words on purpose
    for fd in 0 1 2; do
        case $fd in
        0) timeout 5 "$BIN/$prog" $(args $prog) <&- >"$T/out" 2>"$T/err" ;;
        1) timeout 5 "$BIN/$prog" $(args $prog) >&- 2>"$T/err" </dev/null ;;
        2) timeout 5 "$BIN/$prog" $(args $prog) 2>&- >"$T/out" </dev/null ;;
        esac
        rc=$?
        note test "$prog with fd $fd closed: exit $rc, $(head -c 200 "$T/err")"
        [ "$rc" = 2 ] || fail "$prog with fd $fd closed exited $rc, expected 2"
        [ "$fd" = 2 ] || grep -q "^$( [ $fd = 0 ] && echo stdin || echo stdout) (fd $fd) is closed" "$T/err" ||
            fail "$prog with fd $fd closed did not say why: $(cat "$T/err")"
        : >"$T/err"
    done
    timeout 5 "$BIN/$prog" $(args $prog) >/dev/full 2>"$T/err" </dev/null
    rc=$?
    note test "$prog >/dev/full: exit $rc, $(head -c 200 "$T/err")"
    [ "$rc" = 1 ] || fail "$prog >/dev/full exited $rc, expected 1"
    grep -q '^stdout failed' "$T/err" || fail "$prog >/dev/full did not say stdout failed: $(cat "$T/err")"
    timeout 5 "$BIN/$prog" -h >/dev/full 2>"$T/err"
    rc=$?
    [ "$rc" = 1 ] || fail "$prog -h >/dev/full exited $rc, expected 1"
done

# A reader that leaves: pingclient's next line fails with EPIPE (SIGPIPE is
# ignored for the socket's sake), so it stops instead of pinging on unseen.
timeout 5 "$BIN/pingclient" -p "$PORT" -t 0.2 -i 0.2 127.0.0.1 </dev/null 2>"$T/err" | head -n 1 >/dev/null
rc=${PIPESTATUS[0]}
note test "pingclient | head -1: exit $rc, $(cat "$T/err")"
[ "$rc" = 1 ] || fail "pingclient | head -1 exited $rc, expected 1 (124: it never noticed)"
grep -q '^stdout failed' "$T/err" || fail "expected stdout failed: $(cat "$T/err")"

# Ctrl-Z and fg while pingclient waits in select(): heartbeats go on.
start client pingclient -p "$PORT" -t 0.2 -i 0.2 -n 2 127.0.0.1
wait_for client '^received heartbeat, make heartbeats to 0$'
stop client STOP
stopped client
stop client CONT
n=$(grep -c '^received heartbeat' "$T/client.out")
wait_count client '^received heartbeat, make heartbeats to 0$' $((n + 2))
running client || fail "pingclient ended after stop/continue"
expect_not client 'connection dead|failed'
pass
