#!/usr/bin/env bash
# A second server on the path of a running one is refused: `PATH is in use
# by a running server`, exit 1; the file stays and the first server goes on
# undisturbed. (The check connects a datagram socket to the path, which
# sends nothing: a live stream socket answers EPROTOTYPE, a live datagram
# socket accepts, a stale file ECONNREFUSED. So even unixstreamserver's
# default single client is not used up by the check.) A stale file is
# still replaced: stale_socket.sh.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

export TMPDIR=$T/tmp
mkdir "$TMPDIR" || fail "mkdir $TMPDIR"
sock=$T/live.sock
for prog in unixstreamserver unixdataserver; do
    client=${prog/server/client}
    start one $prog "$sock"
    ready one
    for second in unixstreamserver unixdataserver; do # either type is refused
        start two $second "$sock"
        expect_exit two 1
        grep -qxF "$sock is in use by a running server" "$T/two.out" ||
            fail "$second: $(cat "$T/two.out")"
    done
    [ -S "$sock" ] || fail "the running $prog's socket file was deleted"
    expect_not one 'client quit|Receive' # the checks were not clients
    start client $client "$sock"
    send client g1 && wait_for client '^Hi, g1$'
    eof client && expect_exit client 0
    if [ $prog = unixstreamserver ]; then
        expect_exit one 0 # its one client (-n 1) was ours, not a check
        expect_count one '^client quit$' 1
    else
        stop one INT && expect_exit one 0
    fi
    [ ! -e "$sock" ] || fail "$prog left $sock behind"
done
pass
