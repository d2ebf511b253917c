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
need perl

dir=$T/files
mkdir "$dir"
full='^stdout failed: .*\(28\)$'
big='^stdout failed: .*\(27\)$'
# check WHAT WANT_RC_REGEX ERR_REGEX RC ERRFILE
check() {
    [[ $4 =~ ^($2)$ ]] || { echo "FAIL: $1 exited $4, expected $2: $(cat "$5")"; return 1; }
    [ -z "$3" ] || grep -Eq -- "$3" "$5" || { echo "FAIL: $1: no /$3/ in: $(cat "$5")"; return 1; }
}
row() {
    local prog=$1 err=$T/err.$1 rc
    timeout 5 "$BIN/$prog" -h >/dev/full 2>"$err.h"
    check "$prog -h >/dev/full" 1 "$full" $? "$err.h" || return 1
    # A file over the size limit: EFBIG reported, not a death by SIGXFSZ (153).
    # (stderr through a pipe: the limit is on every file the process writes)
    (ulimit -f 0 && exec timeout 5 "$BIN/$prog" -h 2>&1 >"$T/file.$prog") | cat >"$err.fsz"
    check "$prog -h >file (ulimit -f 0)" 1 "$big" "${PIPESTATUS[0]}" "$err.fsz" || return 1
    case " $SERVERS " in *[[:space:]]$prog[[:space:]]*) ;; *) return 0 ;; esac
    args_for "$prog" "$dir"
    timeout 5 "$BIN/$prog" "${ARGS[@]}" </dev/null >/dev/full 2>"$err.full"
    check "$prog >/dev/full" 1 "$full" $? "$err.full" || return 1
    (ulimit -f 0 && exec timeout 5 "$BIN/$prog" "${ARGS[@]}" 2>&1 >"$T/file.$prog") </dev/null |
        cat >"$err.fsz"
    check "$prog >file (ulimit -f 0)" 1 "$big" "${PIPESTATUS[0]}" "$err.fsz" || return 1
    # A pipe whose reader has gone: the first line written fails.
    timeout 5 perl -e 'pipe(R, W) or die; close R; open(STDOUT, ">&", \*W) or die;
        close W; exec @ARGV or die' "$BIN/$prog" "${ARGS[@]}" </dev/null 2>"$err.pipe"
    rc=$?
    check "$prog | (reader gone)" '141|1' "" $rc "$err.pipe" || return 1
    [ "$rc" = 141 ] || check "$prog | (reader gone)" 1 '^stdout failed: .*\(32\)$' $rc "$err.pipe"
}
pids=()
while read -r prog _; do
    [ -n "$prog" ] || continue
    row "$prog" & pids+=($!)
done <<<"$PROGRAMS"
for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
[ -z "${failed:-}" ] || fail "an output error went unreported (above)"
[ -z "$(ls -A "$dir")" ] || fail "left behind: $(ls -A "$dir")"
pass
