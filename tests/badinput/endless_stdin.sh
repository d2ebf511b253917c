#!/usr/bin/env bash
# A stdin line that never ends (NUL bytes, no newline, as from
# `prog < /dev/zero`): every line-reading client keeps its memory bounded
# (growth < 2 MiB, matrix's LIMIT_KB; the UDP clients once read it with
# getline() and grew by gigabytes), reports the line as too long or sends it
# in pieces as its README says, and ends at the end of input: never a crash,
# never a hang. The clients that take a whole line before sending get 3 MiB
# (FLOOD_BYTES: past the limit if kept); those that send a long line in
# pieces, each answered (graceclient, pingclient, batchwrite), get 1 MiB:
# 3 MiB would be 750 round trips.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
. "$(dirname "$0")/matrix" # bounded, ended
no_valgrind "it measures the clients' memory, which memcheck's own bookkeeping inflates"

# fill NAME BYTES: once NAME runs its program and waits for its input
# (asleep reading or polling stdin: started, ASan's runtime included), note
# its memory (BEFORE),
# then a background `head` writes BYTES NULs to its stdin. The end of input
# comes at `eof NAME`, once its memory has been read with all of the line
# read (fed, and NAME settled: see bounded), not while it ends. (Fed before
# NAME had started, a fast client could read it all and end before its
# memory was read: "gone before the flood".)
fill() {
    local pid w
    pid=$(pid_of "$1") || fail "no $1"
    poll "$WAIT_SECS" "$1 waiting for its input" _waits "$pid"
    BEFORE=$(rss_kb "$1") || fail "$1 is gone before its input"
    exec {w}>"${_FIFO_OF[$1]}" # (a second writer, beside the harness's)
    (_close_held_fds; _nap_close; exec head -c "$2" /dev/zero) >&$w &
    ZPID=$!
    exec {w}>&-
}
_waits() {
    local w=
    [ "/proc/$1/exe" -ef "$BIN/$PROG" ] || return 1
    read -r w <"/proc/$1/wchan" 2>/dev/null # (no newline at its end)
    case $w in *pipe_read* | poll_schedule_timeout* | do_select*) ;; *) return 1 ;; esac
}
fed() { ! kill -0 "$ZPID" 2>/dev/null; } # all of the line is in the pipe
# client NAME BYTES PROGRAM ARGS...: run it on an endless line, check, wait
# for its end. QUIET=1: only its first stdout line is kept (start_quiet).
client() {
    PROG=$3
    if [ -n "${QUIET:-}" ]; then start_quiet "$1" "${@:3}"; else start "$1" "${@:3}"; fi
    fill "$1" "$2"
    bounded "$1" fed
    eof "$1"
    ended "$1" $((WAIT_SECS * 2))
}

start userver udpserver -p 0 && ready userver
for prog in udpclient udpconnectclient udpconnectclient2; do client $prog "$FLOOD_BYTES" $prog -p "$PORT" 127.0.0.1; done
expect udpclient "not sent: $FLOOD_BYTES bytes"
start dserver unixdataserver "$T/d.sock" && ready dserver
client unixdataclient "$FLOOD_BYTES" unixdataclient "$T/d.sock"
expect unixdataclient "^line too long \\($FLOOD_BYTES bytes"
start sserver unixstreamserver -n 0 "$T/s.sock" && ready sserver
client unixstreamclient "$FLOOD_BYTES" unixstreamclient "$T/s.sock"
# (The servers and graceclient print each piece, as "?"s: megabytes that the
# harness would read a byte at a time, the seconds of CPU that made this test
# time out under load. Only their first stdout lines are kept.)
start_quiet gserver graceserver -p 0 -d 0 -n 0 && ready gserver
QUIET=1 client graceclient 1048576 graceclient -p "$PORT" 127.0.0.1
start pserver pingserver -p 0 0 && ready pserver
PROG=pingclient # at the end of input it goes on with heartbeats only
start pingclient pingclient -p "$PORT" 127.0.0.1
fill pingclient 1048576
bounded pingclient fed
eof pingclient
wait_for pingclient '^end of input, heartbeats only$'
running pingclient || fail "pingclient ended (status $(cat "$T/pingclient.rc"))"
start_quiet nserver nagleserver -p 0 && ready nserver
client batchwrite 1048576 batchwrite -p "$PORT" 127.0.0.1
pass
