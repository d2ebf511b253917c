#!/usr/bin/env bash
# A stdin line that never ends (NUL bytes, no newline, as from
# `prog < /dev/zero`): every line-reading client keeps its memory bounded
# (growth < 16 MiB; the UDP clients once read it with getline() and grew by
# gigabytes), reports the line as too long or sends it in pieces as its
# README says, and ends at the end of input: never a crash, never a hang.
# The clients that take a whole line before sending get 20 MiB; those that
# send a long line in pieces, each answered (graceclient, pingclient,
# batchwrite), get 1 MiB: 20 MiB would be 5000 round trips.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
. "$(dirname "$0")/matrix" # bounded, ended
no_valgrind "it measures the clients' memory, which memcheck's own bookkeeping inflates"

# zeros NAME BYTES: a FIFO that a background `head` fills with BYTES NULs.
zeros() {
    mkfifo "$T/$1.z" || fail "mkfifo"
    head -c "$2" /dev/zero >"$T/$1.z" &
    ZPID=$!
}
fed() { ! kill -0 "$ZPID" 2>/dev/null; } # all of the line has been read
# client NAME BYTES PROGRAM ARGS...: run it on an endless line, check, wait for its end.
client() {
    zeros "$1" "$2"
    IN=$T/$1.z start "$1" "${@:3}"
    bounded "$1" fed
    ended "$1" $((WAIT_SECS * 2))
}

start userver udpserver -p 0 && ready userver
for prog in udpclient udpconnectclient udpconnectclient2; do client $prog 20971520 $prog -p "$PORT" 127.0.0.1; done
expect udpclient 'not sent: 20971520 bytes'
start dserver unixdataserver "$T/d.sock" && ready dserver
client unixdataclient 20971520 unixdataclient "$T/d.sock"
expect unixdataclient '^line too long \(20971520 bytes'
start sserver unixstreamserver -n 0 "$T/s.sock" && ready sserver
client unixstreamclient 20971520 unixstreamclient "$T/s.sock"
start gserver graceserver -p 0 -d 0 -n 0 && ready gserver
client graceclient 1048576 graceclient -p "$PORT" 127.0.0.1
start pserver pingserver -p 0 0 && ready pserver
zeros pingclient 1048576 # at the end of input it goes on with heartbeats only
IN=$T/pingclient.z start pingclient pingclient -p "$PORT" 127.0.0.1
bounded pingclient fed
wait_for pingclient '^end of input, heartbeats only$'
running pingclient || fail "pingclient ended (status $(cat "$T/pingclient.rc"))"
start nserver nagleserver -p 0 && ready nserver
client batchwrite 1048576 batchwrite -p "$PORT" 127.0.0.1
pass
