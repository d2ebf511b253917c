#!/usr/bin/env bash
# Standard descriptors and stdout errors. A program started with fd 0, 1
# or 2 closed refuses to run (exit 2): socket() would otherwise get that
# number, and stdin or printf would become the connection. A stdout that
# fails (/dev/full: ENOSPC) ends it with `stdout failed: ...`, exit 1,
# no socket file left. And `seq 20000 | unixstreamclient S | head -1`
# stops as soon as its reader is gone instead of sending all 20000 lines.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

export TMPDIR=$T/tmp
mkdir "$TMPDIR" || fail "mkdir $TMPDIR"
start server unixdataserver "$T/d.sock"
ready server
start sserver unixstreamserver -n 0 "$T/s.sock"
ready sserver

# Closed 0, 1, 2: refused before anything is created.
for prog in "unixstreamserver $T/x.sock" "unixdataserver $T/x.sock" \
    "unixstreamclient $T/s.sock" "unixdataclient $T/d.sock"; do
    for fd in 0 1 2; do
        case $fd in
        0) timeout 3 $BIN/$prog <&- >/dev/null 2>&1 ;;
        1) timeout 3 $BIN/$prog </dev/null >&- 2>/dev/null ;;
        2) timeout 3 $BIN/$prog </dev/null >/dev/null 2>&- ;;
        esac
        rc=$?
        [ $rc = 2 ] || fail "$prog with fd $fd closed: exit $rc, expected 2"
    done
    timeout 3 $BIN/$prog <&- >/dev/null 2>"$T/run.err"
    grep -q '^stdin (fd 0) is closed' "$T/run.err" || fail "$prog <&-: $(cat "$T/run.err")"
done
[ ! -e "$T/x.sock" ] || fail "a refused server created $T/x.sock"
expect_not sserver 'Receive|client quit' # no client ever connected
expect_not server 'Receive'

# stdout on /dev/full.
full() { # PROGRAM ARGS...: one line on stdin, stdout on /dev/full
    printf 'g1\n' | timeout 3 "$BIN/$1" "${@:2}" >/dev/full 2>"$T/run.err"
    local rc=$?
    [ $rc = 1 ] && grep -Eq '^stdout failed: (.*\(28\)|an earlier write was lost)$' "$T/run.err" ||
        fail "$* >/dev/full: exit $rc: $(cat "$T/run.err")"
}
full unixstreamserver "$T/f.sock"
full unixdataserver "$T/f.sock"
full unixstreamclient "$T/s.sock"
full unixdataclient "$T/d.sock"
full unixdataclient -h
[ ! -e "$T/f.sock" ] || fail "a server on /dev/full left $T/f.sock"

# A reader that leaves after one line.
t0=$(now_ms)
seq 20000 | timeout 10 "$BIN/unixstreamclient" "$T/s.sock" 2>"$T/run.err" | head -1 >"$T/head.out"
rc=${PIPESTATUS[1]}
note test "seq 20000 | unixstreamclient | head -1: exit $rc after $(($(now_ms) - t0)) ms"
[ "$(cat "$T/head.out")" = 'Hi, 1' ] || fail "head -1 read: $(cat "$T/head.out")"
[ "$rc" = 1 ] && grep -Eq '^stdout failed: ' "$T/run.err" ||
    fail "unixstreamclient | head -1: exit $rc: $(cat "$T/run.err")"
wait_for sserver '^client quit$'
n=$(grep -c '^Receive: ' "$T/sserver.out")
note test "the server received $n of 20000 lines"
[ "$n" -lt 20000 ] || fail "the client sent all 20000 lines to a reader that was gone"

stop sserver INT && expect_exit sserver 0
stop server INT && expect_exit server 0
left=$(find "$T" -type s; ls -A "$TMPDIR")
[ -z "$left" ] || fail "left behind: $left"
pass
