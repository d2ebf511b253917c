#!/usr/bin/env bash
# A hostile, slow server (perl): it answers the first line 0.5 s late, and
# every answer carries terminal escape sequences (an OSC title change, a
# screen clear). batchwrite sends the second line without waiting for the
# first answer, prints each answer when it comes, masked by put_visible
# (ESC and BEL as '?'), and ends once both answers are in.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
need perl

cat >"$T/peer.pl" <<'PERL'
use strict; use warnings; use IO::Socket::INET;
$| = 1;
my $l = IO::Socket::INET->new(Listen => 1, LocalAddr => '127.0.0.1', LocalPort => 0, Proto => 'tcp')
    or die "listen: $!";
print "listening on 127.0.0.1:", $l->sockport, "\n";
my $c = $l->accept or die "accept: $!";
my $i = 0;
while (my $line = <$c>) {
    $i++;
    print "got line $i\n";
    select(undef, undef, undef, 0.5) if $i == 1;
    syswrite($c, "\e]0;owned\a\e[2Jok $i\n") or die "write: $!";
}
print "client closed\n";
PERL

start server "$(command -v perl)" "$T/peer.pl"
ready server
start client batchwrite -p "$PORT" 127.0.0.1
send client first second
wait_for server '^got line 2$'
eof client
expect_exit client 0
# Line 2 went out (at 0.2 s) before answer 1 came (at 0.5 s):
first=$(grep -m1 -nE '^(no answer within|server answered)' "$T/client.out")
[[ $first == *'no answer within 0.2 s: sending the next line anyway' ]] ||
    fail "line 2 waited for answer 1: first line was '$first'"
expect client '^server answered: \?\]0;owned\?\?\[2Jok 1$'
expect client '^server answered: \?\]0;owned\?\?\[2Jok 2$'
expect_not client $'\e'
expect_not client 'got no answer'
pass
