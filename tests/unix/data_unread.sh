#!/usr/bin/env bash
# A datagram client that never reads its replies: its socket's queue fills
# (net.unix.max_dgram_qlen datagrams) and a blocking sendto would freeze
# unixdataserver for everyone. The server sends with MSG_DONTWAIT instead:
# the replies that find the queue full are dropped, each with
# `reply dropped: the client is not reading (its queue is full)`, and the
# next client is served at once. Ctrl-C still ends it cleanly.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
need perl

sock=$T/d.sock
export TMPDIR=$T/tmp
mkdir "$TMPDIR" || fail "mkdir $TMPDIR"
start server unixdataserver "$sock"
ready server
# The deaf peer: binds a path (so replies can reach it), sends 30
# datagrams, never reads.
start peer "$(command -v perl)" -MSocket -e '$| = 1;
    socket(my $s, AF_UNIX, SOCK_DGRAM, 0) or die "socket: $!";
    bind($s, pack_sockaddr_un($ARGV[1])) or die "bind: $!";
    send($s, "m$_", 0, pack_sockaddr_un($ARGV[0])) // die "send: $!" for 1 .. 30;
    print "all sent\n"; sleep 60' "$sock" "$T/deaf.sock"
wait_for peer '^all sent$'
wait_count server '^now sending: Hi, m' 30
expect server '^reply dropped: the client is not reading \(its queue is full\)$'
note test "$(grep -c '^reply dropped' "$T/server.out") of 30 replies dropped"

start client unixdataclient -t 2 "$sock" # served at once
send client g1 && wait_for client '^Hi, g1$'
eof client && expect_exit client 0

stop server INT
expect_exit server 0
expect_not server 'failed'
[ ! -e "$sock" ] || fail "the server left $sock behind"
pass
