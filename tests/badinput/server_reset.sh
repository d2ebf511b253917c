#!/usr/bin/env bash
# A server that resets the connection in the middle of the conversation
# (it reads a little, then closes with SO_LINGER {1, 0}: RST): every TCP
# client that goes on writing reports it, `... failed: ... (32)` (EPIPE) or
# `(104)` (ECONNRESET), or `server terminated` when its read meets the
# close first, and exits 1. Never the silent death by SIGPIPE
# (exit 141) that nagleclient and graceclient once died.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
need perl

# resetter: accept one client, read once, reset.
resetter() {
    start rst "$(command -v perl)" -MSocket -e '
        $| = 1; # (Socket, not IO::Socket: half the time to load)
        socket(my $l, AF_INET, SOCK_STREAM, 0) or die "socket: $!";
        bind($l, pack_sockaddr_in(0, INADDR_LOOPBACK)) && listen($l, 1) or die "listen: $!";
        print "listening on 127.0.0.1:", (unpack_sockaddr_in(getsockname $l))[0], "\n";
        accept(my $c, $l) or die "accept: $!"; my $buf; sysread($c, $buf, 10);
        setsockopt($c, SOL_SOCKET, SO_LINGER, pack("ii", 1, 0)); close $c; print "reset\n"; <STDIN>;'
    ready rst
}
reported() { # NAME: exit 1 with an EPIPE or ECONNRESET line
    wait_exit "$1" $((WAIT_SECS * 2))
    [ "$STATUS" = 1 ] || fail "$1 exited $STATUS against a reset, expected 1 (141: killed by SIGPIPE)"
    expect "$1" 'failed.*: .* \((32|104)\)$|^server terminated$'
    if running rst; then eof rst && wait_exit rst; fi
}

resetter && start client graceclient -p "$PORT" 127.0.0.1
send client g1 && wait_for rst '^reset$'
for i in 2 3 4 5; do send client "g$i"; done
reported client
# nagleclient against a server that answers one request and closes (FIN):
# the next request's first write draws the RST, its second write EPIPE.
start once "$(command -v perl)" -MSocket -e '
    $| = 1;
    socket(my $l, AF_INET, SOCK_STREAM, 0) or die "socket: $!";
    bind($l, pack_sockaddr_in(0, INADDR_LOOPBACK)) && listen($l, 5) or die "listen: $!";
    print "listening on 127.0.0.1:", (unpack_sockaddr_in(getsockname $l))[0], "\n";
    while (accept(my $c, $l)) { my ($b, $x) = ("", ""); while ($b !~ /\n/) { sysread($c, $x, 100) or last; $b .= $x }
        print $c "ok 20\n"; close $c }'
ready once
for i in $(seq 10); do start client nagleclient -p "$PORT" -m nodelay -n 5 127.0.0.1 && reported client; done
stop once
resetter && start client batchwrite -p "$PORT" 127.0.0.1
for i in 1 2 3 4 5 6; do send client "line$i"; done
reported client
resetter && start client pingclient -p "$PORT" -t 0.1 -i 0.1 -n 50 127.0.0.1 && reported client
resetter && start client tcpclient -p "$PORT" -s 10000000 127.0.0.1 && reported client
pass
