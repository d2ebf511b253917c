#!/usr/bin/env bash
# Unix programs against bad paths (safety.sh covers the servers with a
# regular file, a directory, a symlink, and the 107/108-byte limit): the
# clients at a regular file, a directory, a FIFO; everyone at a dangling
# symlink, a missing directory, a path through a regular file, a 5000-byte
# path; unixdataclient with a bad TMPDIR; a second server on a live path;
# a server whose socket file was replaced by a regular file.
# Expected: a clear message, exit 1 (2 for a too-long path), nothing
# created, changed or deleted.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
. "$(dirname "$0")/matrix" # now_running, wait_rows, has_line

p=$T/p
mkdir "$p" "$p/dir" "$p/tmp" && printf 'precious\n' >"$p/reg" && mkfifo "$p/fifo" &&
    ln -s "$p/nowhere" "$p/dangling" || fail "cannot prepare the paths"
export TMPDIR=$p/tmp
snapshot() { find "$p" -printf '%p %y %s %l\n' | sort; cat "$p/reg"; }
snapshot >"$T/before"
# try STATUS REGEX PROGRAM PATH: one line on stdin (bounded: the runs are
# one row, under wait_rows; each run's output is a $T/try*.out that pass()
# looks through for sanitizer reports, all at once).
TRIES=0
try() {
    local out=$T/try$((++TRIES)).out rc
    "$BIN/$3" "$4" <<<g1 >"$out" 2>&1 &
    now_running try "$3 $4"
    wait "$!"
    rc=$?
    [ $rc = "$1" ] && has_line "$2" "$out" || fail "$3 $4: exit $rc: $(cat "$out")"
}
paths() { # every bad path, for every program: one row
    refused='.* \(111\)$' enoent='.* \(2\)$'
    for path in reg dir fifo dangling missing/x.sock reg/x.sock; do
        case $path in
        reg | dir | fifo) why=$refused ;;
        dangling | missing/*) why=$enoent ;;
        reg/*) why='.* \(20\)$' ;;
        esac
        try 1 "^connect failed: $why" unixstreamclient "$p/$path"
        # The hint says what the path is: not "a socket file nobody listens on".
        case $path in
        reg) try 1 "^hint: $p/reg is a regular file, not a socket" unixstreamclient "$p/$path" ;;
        dir) try 1 "^hint: $p/dir is a directory, not a socket" unixstreamclient "$p/$path" ;;
        fifo) try 1 "^hint: $p/fifo is a FIFO, not a socket" unixstreamclient "$p/$path" ;;
        esac
        try 1 "^sendto failed: $why" unixdataclient "$p/$path"
        for prog in unixstreamserver unixdataserver; do
            case $path in
            reg | dir) continue ;; # safety.sh
            fifo | dangling) try 1 "^$p/$path exists and is not a socket: refusing to replace it\$" $prog "$p/$path" ;;
            missing/*) try 1 "^bind failed: $enoent" $prog "$p/$path" ;;
            reg/*) try 1 "^cannot check $p/$path: .* \(20\)\$" $prog "$p/$path" ;;
            esac
        done
    done
    long=$p/$(printf '%05000d' 0)
    for prog in unixstreamserver unixdataserver unixstreamclient unixdataclient; do
        try 2 "^socket path too long \(${#long} bytes, at most 107\): $long\$" $prog "$long"
    done
    TMPDIR=$p/none try 1 "^cannot make a private directory in $p/none: $enoent" unixdataclient "$p/x.sock"
    TMPDIR=$p/$(printf '%0100d' 0) try 1 '^TMPDIR is too long for a socket path: ' unixdataclient "$p/x.sock"
}
paths &
wait_rows 20 $!
[ -z "$ROWS_FAILED" ] || fail "a bad path was answered wrongly (above)"
snapshot | cmp -s - "$T/before" || fail "paths changed: $(snapshot | diff "$T/before" -)"

# A second server on the path of a live one: it may refuse (the path is in
# use), or take the path over; then the first one, leaving, must not delete
# the file that now belongs to the second, which must stay reachable.
for prog in "unixstreamserver -n 0" unixdataserver; do # both: until stopped
    client=${prog%% *} client=${client/server/client}
    start one $prog "$p/live.sock" && ready one
    start two $prog "$p/live.sock"
    wait_for two '^(listening on|bound to) |in use'
    if grep -Eq '^(listening on|bound to) ' "$T/two.out"; then who=two other=one; else who=one other=two; fi
    [ $other = two ] || stop one INT # (a refusing second server ends by itself)
    wait_exit $other
    [ $who = two ] || [ "$STATUS" != 0 ] || fail "$prog refused a live path with exit status 0"
    [ -S "$p/live.sock" ] || fail "$prog: the socket file of the running server was deleted"
    start client $client "$p/live.sock"
    send client g1 && wait_for client '^Hi, g1$' && eof client && expect_exit client 0
    expect $who '^Receive: g1$'
    stop $who INT && expect_exit $who 0
done
[ ! -e "$p/live.sock" ] || fail "live.sock left behind"

# A server whose socket file was replaced by a regular file: left in place,
# and said as it is (not "now belongs to another server").
for prog in unixstreamserver unixdataserver; do
    start srv $prog "$p/gone.sock" && ready srv
    rm "$p/gone.sock" && printf 'notes\n' >"$p/gone.sock"
    stop srv INT && expect_exit srv 0
    expect srv "^$p/gone.sock is no longer our socket \(now a regular file\): left in place\$"
    [ "$(cat "$p/gone.sock")" = notes ] || fail "$prog changed the regular file at its old path"
    rm "$p/gone.sock"
done
pass
