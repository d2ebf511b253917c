#!/usr/bin/env bash
# The socket files: there (type socket, `ls -l` shows "s") while a server
# runs, gone after a normal exit, Ctrl-C (SIGINT) or SIGTERM, also with a
# client connected; the datagram client's own path sits in a private 0700
# mkdtemp directory and both go at its exit, normal or Ctrl-C. At the end
# no socket file is left anywhere.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

export TMPDIR=$T/tmp
mkdir "$TMPDIR" || fail "mkdir $TMPDIR"
is_socket() {
    [ -S "$1" ] && [[ $(ls -l "$1") == s* ]] || fail "$1 is not a socket file: $(ls -l "$1" 2>&1)"
}
gone() { [ ! -e "$1" ] || fail "$1 is still there after $2"; }

# Stream server: normal exit once its one client has quit.
start server unixstreamserver "$T/s.sock"
ready server
is_socket "$T/s.sock"
start client unixstreamclient "$T/s.sock"
send client g1 && wait_for client '^Hi, g1$'
eof client
expect_exit server 0
gone "$T/s.sock" "a normal exit"

# Both servers, stopped while waiting: SIGINT and SIGTERM.
for sig in INT TERM; do
    for prog in "unixstreamserver -n 0" unixdataserver; do # both: until stopped
        start server $prog "$T/$sig.sock"
        ready server
        is_socket "$T/$sig.sock"
        stop server "$sig"
        expect_exit server 0
        gone "$T/$sig.sock" "SIG$sig to $prog"
    done
done

# Ctrl-C while a client is connected: the server still cleans up; the
# client learns it at its next line (a local peer that is gone makes the
# write itself fail, where TCP would accept it and answer with an RST).
start server unixstreamserver "$T/c.sock"
ready server
start client unixstreamclient "$T/c.sock"
send client g1 && wait_for client '^Hi, g1$'
stop server INT
expect_exit server 0
gone "$T/c.sock" "SIGINT with a client connected"
send client g2
expect_exit client 1
expect client '^write failed: Broken pipe \(32\)$'

# Datagram client: its path while it runs, then nothing (EOF, then Ctrl-C).
start server unixdataserver "$T/d.sock"
ready server
for how in eof INT; do
    start client unixdataclient "$T/d.sock"
    wait_for client '^bound to '
    mine=${MATCHED#bound to } dir=${mine%/*}
    [[ $mine == "$TMPDIR"/unixdataclient.??????/client.sock ]] || fail "client bound to $mine"
    is_socket "$mine"
    mode=$(stat -c %a "$dir")
    [ "$mode" = 700 ] || fail "$dir has mode $mode, not 0700"
    send client g1 && wait_for client '^Hi, g1$'
    if [ $how = eof ]; then eof client; else stop client INT; fi
    expect_exit client 0
    gone "$dir" "the client's exit ($how)"
done
stop server INT
expect_exit server 0

left=$(find "$T" -type s)
[ -z "$left" ] || fail "socket files left behind: $left"
[ -z "$(ls -A "$TMPDIR")" ] || fail "left in TMPDIR: $(ls -A "$TMPDIR")"
pass
