#!/usr/bin/env bash
# Every program started with fd 0, 1 or 2 closed refuses to run: exit 2 and
# one line on stderr naming the closed descriptor (with stderr closed, only
# the status). Before the fix socket() took the free number, so a client's
# printf went over the network and a server read its "stdin" from a peer.
# Nothing is created: no socket file, no listener.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
. "$(dirname "$0")/matrix"

dir=$T/files
mkdir "$dir"
# run FD PROG: PROG with descriptor FD closed; stderr to a file unless FD is
# 2. (Run directly, not under timeout(1): wait_rows below bounds them all.)
run() {
    local fd=$1 prog=$2 rc err=$T/err.$2.$1 text
    args_for "$prog" "$dir"
    case $fd in
    0) "$BIN/$prog" "${ARGS[@]}" <&- >/dev/null 2>"$err" & ;;
    1) "$BIN/$prog" "${ARGS[@]}" </dev/null >&- 2>"$err" & ;;
    2) "$BIN/$prog" "${ARGS[@]}" </dev/null >/dev/null 2>&- & ;;
    esac
    now_running "$prog.$fd" "$prog with fd $fd closed"
    wait "$!"
    rc=$?
    [ "$rc" = 2 ] || { echo "FAIL: $prog with fd $fd closed exited $rc, expected 2"; return 1; }
    [ "$fd" = 2 ] && return 0
    local name=(stdin stdout) nl=$'\n'
    IFS= read -r -d '' text <"$err" # all of it: one line, that line
    [[ $text =~ ^${name[$fd]}\ \(fd\ $fd\)\ is\ closed[^$nl]*$nl$ ]] ||
        { echo "FAIL: $prog with fd $fd closed said (one line expected): $text"; return 1; }
}
pids=()
while read -r prog _; do
    [ -n "$prog" ] || continue
    for fd in 0 1 2; do run "$fd" "$prog" & pids+=($!); done
done <<<"$PROGRAMS"
wait_rows 20 "${pids[@]}"
[ -z "$ROWS_FAILED" ] || fail "a program ran with a standard descriptor closed (above)"
no_files "$dir" || fail "a refused run created $(ls -A "$dir")"
expect_no_ss "a listener left by a refused run" state listening
pass
