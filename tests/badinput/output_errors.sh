#!/usr/bin/env bash
# A program whose stdout fails says so and stops: stdout on /dev/full (every
# program's -h, every server's readiness line) exits 1 with
# `stdout failed: No space left on device (28)`, and a file past `ulimit -f`
# with `stdout failed: File too large (27)` (not killed by SIGXFSZ, 153);
# a server whose stdout is a pipe nobody reads any more dies of SIGPIPE (141) or, where it ignores
# SIGPIPE, exits 1 with `stdout failed: Broken pipe (32)`. Either way it
# stops at once and leaves no socket file behind. (Before: exit 0 with the
# output lost, or a socket file left after SIGPIPE.)
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
. "$(dirname "$0")/matrix"

dir=$T/files
mkdir "$dir"
full='^stdout failed: .*\(28\)$'
big='^stdout failed: .*\(27\)$'
# check WHAT WANT_RC_REGEX ERR_REGEX RC ERRFILE
check() {
    [[ $4 =~ ^($2)$ ]] || { echo "FAIL: $1 exited $4, expected $2: $(cat "$5")"; return 1; }
    [ -z "$3" ] || has_line "$3" "$5" || { echo "FAIL: $1: no /$3/ in: $(cat "$5")"; return 1; }
}
# (Every run is direct, not under timeout(1): wait_rows below bounds them
# all. The ulimit runs are a subshell that says which run it is, then
# becomes the program: its stderr, a pipe into the command substitution,
# since the limit is on every file the process writes.)
row() {
    local prog=$1 err=$T/err.$1 rc out
    "$BIN/$prog" -h >/dev/full 2>"$err.h" &
    now_running "$prog" "$prog -h >/dev/full"
    wait "$!"
    check "$prog -h >/dev/full" 1 "$full" $? "$err.h" || return 1
    # A file over the size limit: EFBIG reported, not a death by SIGXFSZ (153).
    out=$(printf '%s %s\n' "$BASHPID" "$prog -h >file (ulimit -f 0)" >"$T/now.$prog"
        ulimit -f 0 && exec "$BIN/$prog" -h 2>&1 >"$T/file.$prog")
    rc=$?
    printf '%s\n' "$out" >"$err.fsz"
    check "$prog -h >file (ulimit -f 0)" 1 "$big" $rc "$err.fsz" || return 1
    case " $SERVERS " in *[[:space:]]$prog[[:space:]]*) ;; *) return 0 ;; esac
    args_for "$prog" "$dir"
    "$BIN/$prog" "${ARGS[@]}" </dev/null >/dev/full 2>"$err.full" &
    now_running "$prog" "$prog >/dev/full"
    wait "$!"
    check "$prog >/dev/full" 1 "$full" $? "$err.full" || return 1
    out=$(printf '%s %s\n' "$BASHPID" "$prog >file (ulimit -f 0)" >"$T/now.$prog"
        ulimit -f 0 && exec "$BIN/$prog" "${ARGS[@]}" 2>&1 >"$T/file.$prog" </dev/null)
    rc=$?
    printf '%s\n' "$out" >"$err.fsz"
    check "$prog >file (ulimit -f 0)" 1 "$big" $rc "$err.fsz" || return 1
    # A pipe whose reader has gone (the FIFO's only reader closed before
    # the program starts): the first line written fails.
    local rw w
    exec {rw}<>"$T/pipe.$prog" {w}>"$T/pipe.$prog"
    exec {rw}<&-
    "$BIN/$prog" "${ARGS[@]}" </dev/null >&$w 2>"$err.pipe" {w}>&- &
    now_running "$prog" "$prog | (reader gone)"
    exec {w}>&-
    wait "$!"
    rc=$?
    check "$prog | (reader gone)" '141|1' "" $rc "$err.pipe" || return 1
    [ "$rc" = 141 ] || check "$prog | (reader gone)" 1 '^stdout failed: .*\(32\)$' $rc "$err.pipe"
}
pipes=()
for prog in $SERVERS; do pipes+=("$T/pipe.$prog"); done
mkfifo "${pipes[@]}" || fail "mkfifo"
pids=()
while read -r prog _; do
    [ -n "$prog" ] || continue
    row "$prog" & pids+=($!)
done <<<"$PROGRAMS"
wait_rows 20 "${pids[@]}"
[ -z "$ROWS_FAILED" ] || fail "an output error went unreported (above)"
no_files "$dir" || fail "left behind: $(ls -A "$dir")"
pass
