#!/usr/bin/env bash
# nagleclient against a plain echo server (perl) instead of nagleserver:
# the echo of the first piece carries the ACK, so Nagle does not stall and
# its median is about the others' (or below). The ratio line still says
# something: two significant digits at least (1.1x, 0.87x), never `0x` or
# a bare `1x` (before: `%.0f`).
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
need perl

start echo "$(command -v perl)" -MIO::Socket::INET -e '$| = 1;
    my $l = IO::Socket::INET->new(LocalAddr => "127.0.0.1", LocalPort => 0, Listen => 5)
        or die "listen: $!";
    print "listening on 127.0.0.1:", $l->sockport, "\n";
    while (my $c = $l->accept) { while (sysread($c, my $b, 4096)) { syswrite($c, $b) } }'
ready echo
start client nagleclient -p "$PORT" -m all -n 5 127.0.0.1
expect_exit client 0
sig='([1-9][0-9]+|[1-9]\.[0-9]+|0\.0*[1-9][0-9])x'
expect client "^median ratio: nagle/nodelay $sig nagle/writev $sig nagle/cork $sig\$"
pass
