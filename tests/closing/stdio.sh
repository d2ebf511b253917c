#!/usr/bin/env bash
# Closed standard descriptors and failing output. With fd 1 closed,
# socket() would return 1 and printf would write into the connection (the
# feedback loop `graceclient ... >&-` once made): the programs refuse to
# start (exit 2). Output that cannot be written (/dev/full, a closed pipe)
# ends them with exit 1 and "stdout failed", instead of going on blind.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

start server graceserver -p 0 -d 0 -n 0
ready server
for fd in 0 1 2; do
    for prog in "graceclient -p $PORT 127.0.0.1" "graceserver -p 0"; do
        rc=0
        # shellcheck disable=SC2086 # word splitting wanted
        eval "\"\$BIN\"/$prog $fd>&-" </dev/null >"$T/out" 2>"$T/err" || rc=$?
        note test "${prog%% *} with fd $fd closed: exit $rc, $(cat "$T/err")"
        [ "$rc" = 2 ] || fail "${prog%% *} with fd $fd closed exited $rc, expected 2"
        [ "$fd" = 2 ] || grep -q "(fd $fd) is closed" "$T/err" || fail "no message for fd $fd"
    done
done
expect_not server '^connection from' # no client ever connected

"$BIN"/graceserver -h >/dev/full 2>"$T/err" && fail "graceserver -h >/dev/full exited 0"
grep -q '^stdout failed' "$T/err" || fail "graceserver -h: $(cat "$T/err")"
rc=0
printf 'data1\n' | "$BIN"/graceclient -p "$PORT" 127.0.0.1 >/dev/full 2>"$T/err" || rc=$?
[ "$rc" = 1 ] || fail "graceclient >/dev/full exited $rc, expected 1"
grep -q '^stdout failed' "$T/err" || fail "graceclient >/dev/full: $(cat "$T/err")"
wait_for server '^connection from' # it did connect; its first line failed
stop server
expect_exit server 143

# The server's own output to /dev/full: it stops at its first line.
rc=0
"$BIN"/graceserver -p 0 >/dev/full 2>"$T/err" || rc=$?
[ "$rc" = 1 ] || fail "graceserver >/dev/full exited $rc, expected 1"
grep -q '^stdout failed' "$T/err" || fail "graceserver >/dev/full: $(cat "$T/err")"
pass
