#!/usr/bin/env bash
# A local datagram is never lost, but the server can die holding one: then
# no reply ever comes. unixdataclient waits at most -t seconds (default 5)
# for each reply (SO_RCVTIMEO), then says so and exits 1, removing its own
# path. Here the server is stopped (SIGSTOP) so the datagram waits in its
# queue, and killed (SIGKILL) before it can answer.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

sock=$T/d.sock
export TMPDIR=$T/tmp
mkdir "$TMPDIR" || fail "mkdir $TMPDIR"
start server unixdataserver "$sock"
ready server
start client unixdataclient -t 0.5 "$sock"
wait_for client '^bound to '
send client g1 && wait_for client '^Hi, g1$' # a normal exchange first

stop server STOP && stopped server
t0=$(now_ms)
send client g2 && wait_for client '^now sending g2$'
# (the line comes just before sendto(): wait for g2 in the stopped server's
# queue, else the kill can come first and the send is refused)
queued() { [[ $(ss -Hxa src "$sock") =~ ^u_dgr\ +UNCONN\ +[1-9] ]]; }
wait_true "g2 in the server's receive queue (ss -x Recv-Q)" queued
stop server KILL # it dies with g2 unread
expect_exit server 137
expect_exit client 1 5
took=$(($(now_ms) - t0))
note test "the client gave up after $took ms"
grep -qxF "no reply from $sock within 0.5 s (server stuck or gone?)" "$T/client.out" ||
    fail "client: $(tail -n 1 "$T/client.out")"
[ "$took" -ge 450 ] || fail "the client gave up after $took ms, before its 0.5 s"
expect_count client '^Hi, ' 1
left=$(ls -A "$TMPDIR" | grep '^unixdataclient') # (valgrind leaves vgdb files of the killed server)
[ -z "$left" ] || fail "the client left $left"
pass
