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
# launch FD PROG: start PROG in the background with descriptor FD closed,
# stderr to a file unless FD is 2. All of them at once, each a child of
# this shell (one fork per run, no timeout(1), no shell per run): one
# bound for all below, then each one's status checked.
launch() {
    local fd=$1 prog=$2
    args_for "$prog" "$dir"
    case $fd in
    0) "$BIN/$prog" "${ARGS[@]}" <&- >/dev/null 2>"$T/err.$prog.$fd" & ;;
    1) "$BIN/$prog" "${ARGS[@]}" </dev/null >&- 2>"$T/err.$prog.$fd" & ;;
    2) "$BIN/$prog" "${ARGS[@]}" </dev/null >/dev/null 2>&- & ;;
    esac
    pids+=($!) runs+=("$fd $prog")
}
# refused FD PROG STATUS: exit 2, and (FD 0 or 1) one line on stderr naming
# the closed descriptor.
refused() {
    local fd=$1 prog=$2 rc=$3 text name=(stdin stdout) nl=$'\n'
    [ "$rc" = 2 ] || { echo "FAIL: $prog with fd $fd closed exited $rc, expected 2"; return 1; }
    [ "$fd" = 2 ] && return 0
    IFS= read -r -d '' text <"$T/err.$prog.$fd" # all of it: one line, that line
    [[ $text =~ ^${name[$fd]}\ \(fd\ $fd\)\ is\ closed[^$nl]*$nl$ ]] ||
        { echo "FAIL: $prog with fd $fd closed said (one line expected): $text"; return 1; }
}
pids=() runs=()
while read -r prog _; do
    [ -n "$prog" ] || continue
    for fd in 0 1 2; do launch "$fd" "$prog"; done
done <<<"$PROGRAMS"
_ROWS=("${pids[@]}") # never a hang: all done within 20 s, or named and killed
if ! within 20 _rows_done; then
    hung=
    for i in "${!pids[@]}"; do
        ! kill -0 "${pids[i]}" 2>/dev/null || { hung+=" ${runs[i]#* } with fd ${runs[i]%% *} closed;"; kill -KILL "${pids[i]}"; }
    done
    fail "still running after 20 s:$hung"
fi
for i in "${!pids[@]}"; do
    wait "${pids[i]}"
    refused ${runs[i]} $? || failed=1
done
[ -z "${failed:-}" ] || fail "a program ran with a standard descriptor closed (above)"
no_files "$dir" || fail "a refused run created $(ls -A "$dir")"
expect_no_ss "a listener left by a refused run" state listening
pass
