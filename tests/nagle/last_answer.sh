#!/usr/bin/env bash
# A server's last answer without a newline (it writes an error and closes)
# is still shown, masked, before `server terminated`: nothing received is
# dropped. (batchwrite once kept it in its buffer and quit without it.)
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
need perl

start server "$(command -v perl)" -MIO::Socket::INET -e '
    $| = 1;
    my $l = IO::Socket::INET->new(LocalAddr => "127.0.0.1", LocalPort => 0, Listen => 1) or die;
    print "listening on 127.0.0.1:", $l->sockport, "\n";
    my $c = $l->accept or die; my $b; sysread($c, $b, 100);
    print $c "ERR quota\033[2J exceeded"; close $c;'
ready server
start client batchwrite -p "$PORT" 127.0.0.1
send client world
expect_exit client 1
expect client '^server answered: ERR quota\?\[2J exceeded$'
expect client '^server terminated$'
pass
