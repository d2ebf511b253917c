#!/usr/bin/env bash
# -t bounds the send too. A stopped unixdataserver cannot empty its queue;
# once the queue is full (net.unix.max_dgram_qlen datagrams, 10 by
# default), a blocking sendto waits for room. unixdataclient sets
# SO_SNDTIMEO as well as SO_RCVTIMEO: after -t seconds it says
# `no reply from PATH within 0.5 s (server stuck or gone?)`, exit 1, and
# removes its own path.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
need perl

sock=$T/d.sock
export TMPDIR=$T/tmp
mkdir "$TMPDIR" || fail "mkdir $TMPDIR"
start server unixdataserver "$sock"
ready server
stop server STOP && stopped server
# Fill its queue: datagrams without waiting until the kernel says EAGAIN.
perl -MSocket -MPOSIX=EAGAIN -e '
    socket(my $s, AF_UNIX, SOCK_DGRAM, 0) or die "socket: $!";
    my $n = 0;
    while (send($s, "fill", MSG_DONTWAIT, pack_sockaddr_un($ARGV[0]))) { $n++ }
    $! == EAGAIN or die "send: $!";
    print "$n queued\n"' "$sock" >"$T/fill" 2>&1 || fail "filling the queue: $(cat "$T/fill")"
note test "$(cat "$T/fill") (the queue is full)"

t0=$(now_ms)
start client unixdataclient -t 0.5 "$sock"
send client hello
expect_exit client 1 5
took=$(($(now_ms) - t0))
note test "the client gave up after $took ms"
expect client '^now sending hello$'
grep -qxF "no reply from $sock within 0.5 s (server stuck or gone?)" "$T/client.out" ||
    fail "client: $(tail -n 1 "$T/client.out")"
[ "$took" -ge 450 ] || fail "the client gave up after $took ms, before its 0.5 s"
expect_not client 'Interrupted|sendto failed'
left=$(ls -A "$TMPDIR" | grep '^unixdataclient') # (not valgrind's vgdb files of the running server)
[ -z "$left" ] || fail "the client left $left in TMPDIR"
stop server CONT
stop server INT && expect_exit server 0
pass
