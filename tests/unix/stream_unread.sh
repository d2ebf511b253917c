#!/usr/bin/env bash
# A client that sends lines and never reads the replies: once the
# connection's buffers are full, the server is blocked in write(). Ctrl-C
# (SIGINT) must still stop it: the interrupted write gives up (a write loop
# that retried EINTR would block again, forever), the server exits 0 and
# removes its socket file, with no error message.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
need perl

sock=$T/s.sock
start server unixstreamserver "$sock"
ready server
# The peer: 1000-byte lines, 16 MB in all, never a read.
start peer "$(command -v perl)" -MSocket -e '$| = 1;
    socket(my $s, AF_UNIX, SOCK_STREAM, 0) or die "socket: $!";
    connect($s, pack_sockaddr_un($ARGV[0])) or die "connect: $!";
    print "connected\n";
    my $line = ("x" x 999) . "\n";
    for (1 .. 16384) { send($s, $line, 0) // die "send: $!" }
    print "all sent\n"; sleep 60' "$sock"
wait_for peer '^connected$'
wait_count server '^Receive: ' 10
# Blocked: its replies fill the connection (Send-Q), requests wait unread
# (Recv-Q) and the Receive lines stop.
deadline=$(($(now_ms) + WAIT_SECS * 1000)) prev=-1
while :; do
    n=$(grep -c '^Receive: ' "$T/server.out")
    q=$(ss -Hx state established | awk -v p="$sock" '$4 == p && $2 > 0 && $3 > 0')
    [ "$n" != "$prev" ] || [ -z "$q" ] || break
    [ "$(now_ms)" -lt "$deadline" ] || fail "the server never blocked in write ($n lines read)"
    prev=$n
    sleep 0.2 # poll: no new line for 0.2 s while both queues are full = blocked
done
note ss "server side (Recv-Q, Send-Q): $q"
note test "blocked after $n lines"
running peer || fail "the peer ended: $(cat "$T/peer.out")"
expect_not peer '^all sent$'

stop server INT
expect_exit server 0
[ ! -e "$sock" ] || fail "the server left $sock behind"
expect_not server 'failed'
expect_not server '^client quit$'
pass
