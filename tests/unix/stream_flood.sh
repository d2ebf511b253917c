#!/usr/bin/env bash
# A hostile stream server answers with 16 MiB and no newline until the
# end. unixstreamclient keeps at most "Hi, " + 4096 bytes of a reply and
# reads the rest to drop it: its memory does not grow (an unbounded
# getline would hold all 16 MiB), it says `(reply of 16777216 bytes: cut
# to 4100)`, prints the part it kept, and goes on with the next line.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
need perl
no_valgrind "it measures the client's resident memory"

sock=$T/flood.sock
start server "$(command -v perl)" -MSocket -e '$| = 1;
    socket(my $l, AF_UNIX, SOCK_STREAM, 0) or die "socket: $!";
    bind($l, pack_sockaddr_un($ARGV[0])) or die "bind: $!";
    listen($l, 5) or die "listen: $!";
    print "listening on $ARGV[0]\n";
    accept(my $c, $l) or die "accept: $!";
    my $line = <$c>; print "got $line";
    my $chunk = "x" x 65536;
    for (1 .. 256) { print $c $chunk or die "write: $!" }   # 16 MiB, no newline
    print $c "\n"; $c->flush; print "sent 16 MiB\n";
    $line = <$c>; chomp $line; print $c "Hi, $line\n"; $c->flush;
    $line = <$c>; print defined $line ? "more?\n" : "client quit\n"' "$sock"
ready server
start client unixstreamclient "$sock"
rss() { awk '/^VmRSS:/ { print $2 }' "/proc/$(pid_of client)/status"; }
send client g1
wait_for server '^got g1$'
before=$(rss)
wait_for client '^\(reply of 16777216 bytes: cut to 4100\)$'
wait_for server '^sent 16 MiB$'
grown=$(($(rss) - before))
note test "the client's resident memory grew by $grown KiB while it read 16 MiB"
[ "$grown" -lt 2048 ] || fail "the client's memory grew by $grown KiB"
wait_for client '^x{4100}$'
send client g2 && wait_for client '^Hi, g2$'
eof client
expect_exit client 0
wait_for server '^client quit$'
pass
