#!/usr/bin/env bash
# demo: host-order-pong — a server that forgets htonl() (the course notes' pingserver): pingclient accepts its byte-swapped PONG, says so once, and still rejects any other type
# A raw peer (perl) answers PINGs as the notes' pingserver does on a
# little-endian machine: type 2 in host byte order (02 00 00 00), which
# ntohl() reads as 33554432. pingclient takes it as a PONG and says once
# that the server sent it in host byte order. Then the peer answers with
# type 99 and with a byte-swapped PING (16777216): both stay rejected,
# unanswered PINGs pile up, and the client declares the connection dead.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
need perl

cat >"$T/peer.pl" <<'PERL'
use strict; use warnings; use IO::Socket::INET;
$| = 1;
my $l = IO::Socket::INET->new(Listen => 1, LocalAddr => '127.0.0.1', LocalPort => 0, Proto => 'tcp')
    or die "listen: $!";
print "listening on 127.0.0.1:", $l->sockport, "\n";
my $c = $l->accept or die "accept: $!";
# answers to PINGs 1, 2, 3, 4: host-order PONG twice, then type 99, then a host-order PING
my @answers = (pack('V', 2), pack('V', 2), pack('N', 99), pack('V', 1));
my $n = 0;
while (read($c, my $msg, 1028) == 1028) {
    my $type = unpack('N', $msg);
    print "received type $type\n";
    next unless $type == 1 && $n < @answers;
    syswrite($c, $answers[$n++] . ("\0" x 1024)) == 1028 or die "write: $!";
    print "answered PING $n\n";
}
print "client closed\n";
PERL

start server "$(command -v perl)" "$T/peer.pl"
ready server
start client pingclient -p "$PORT" -t 0.2 -i 0.2 -n 2 127.0.0.1
expect_exit client 1
expect client '^connected, first heartbeat in 0\.2 s$'
expect_count client 'host byte order' 1
expect client '^the server sent PONG in host byte order \(type 33554432 is 2 byte-swapped: it forgot htonl\); accepted as PONG$'
expect_count client '^received heartbeat, make heartbeats to 0$' 2
expect client '^unexpected message type \(99\) from the server$'
expect client '^unexpected message type \(16777216\) from the server$'
expect client '^connection dead$'
wait_for server '^answered PING 4$'
pass
