#!/usr/bin/env bash
# Raw peers for the datagram servers and the local stream server.
# udpserver, udpconnectserver (bash /dev/udp): random datagrams of 1, 1000
# and 5000 bytes are received whole and answered; the next normal client
# (or datagram) is served. unixdataserver (perl): random datagrams from an
# unbound socket are received, `no reply possible`; one of 5000 bytes is
# cut to 4096, and it says so. unixstreamserver (perl): random bytes, half
# a line then close, a close with the reply unread (the local `reset`,
# ECONNRESET): each reported, the next client served.
export LC_ALL=C # binary output: the harness's `read` must see bytes
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
need perl

for n in 1 1000 5000; do perl -e "srand($n); print map { chr int rand 256 } 1 .. $n" >"$T/junk$n"; done
udp() { for n in 1 1000 5000; do cat "$T/junk$n" >"/dev/udp/127.0.0.1/$PORT"; done; }
start server udpserver -p 0
ready server
udp
start client udpclient -p "$PORT" 127.0.0.1
send client g1 && wait_for client '^Hi, g1$'
eof client && expect_exit client 0
stop server INT && expect_exit server 0
for n in 1000 5000; do expect server "^received $n bytes: "; done
expect server '^received 4 datagrams$'

# udpconnectserver: connected to its first peer (a held bash socket), it
# answers that peer's random datagrams; a stranger's datagram never reaches
# it (the kernel refuses it); the peer's `goodbye` ends it with 0.
start server udpconnectserver -p 0
ready server
exec {u}<>"/dev/udp/127.0.0.1/$PORT"
cat "$T/junk1" >&"$u" && wait_for server '^connected to 127\.0\.0\.1:'
cat "$T/junk1000" >"/dev/udp/127.0.0.1/$PORT" # the stranger
for n in 1000 5000; do cat "$T/junk$n" >&"$u"; done
printf goodbye >&"$u"
expect_exit server 0
exec {u}>&-
expect server '^received 4 datagrams$'
expect_count server '^send bytes: ' 4

perl_unix() { # TYPE PATH FILE...: send each file on one unbound local socket
    perl -MSocket -e 'socket(my $s, AF_UNIX, $ARGV[0] eq "stream" ? SOCK_STREAM : SOCK_DGRAM, 0) or die "socket: $!";
        connect($s, pack_sockaddr_un($ARGV[1])) or die "connect: $!";
        for (@ARGV[2 .. $#ARGV]) { open my $f, "<", $_ or die; local $/; my $d = <$f>; send($s, $d, 0) // die "send: $!" }
        if ($ENV{UNREAD}) { my $r = ""; vec($r, fileno($s), 1) = 1; select($r, undef, undef, 5) }' "$@" ||
        fail "perl client failed" # UNREAD=1: close once a reply waits unread
}
start server unixdataserver "$T/d.sock"
ready server
perl_unix dgram "$T/d.sock" "$T/junk1" "$T/junk1000" "$T/junk5000"
start client unixdataclient "$T/d.sock"
send client g1 && wait_for client '^Hi, g1$' # served in order: after the three
# (the server's lines reach its output file through their own pipe: the
# client's reply can come first, so wait for them, then count exactly)
wait_count server '^the sender has no address: no reply possible$' 3
expect_count server '^datagram longer than 4096 bytes: cut to 4096$' 1
expect_count server '^the sender has no address: no reply possible$' 3
eof client && expect_exit client 0
stop server INT && expect_exit server 0

start server unixstreamserver -n 4 "$T/s.sock"
ready server
perl_unix stream "$T/s.sock" "$T/junk5000"
printf half >"$T/half" && perl_unix stream "$T/s.sock" "$T/half"
wait_for server '^Receive: half$'
printf 'g1\n' >"$T/one" && UNREAD=1 perl_unix stream "$T/s.sock" "$T/one"
wait_for server '^Receive: g1$'
start client unixstreamclient "$T/s.sock"
send client g3 && wait_for client '^Hi, g3$'
eof client && expect_exit client 0
expect_exit server 0
expect_count server '^(client quit|(read|write) failed: (.* \(32\)|.* \(104\)))$' 4
expect_count server '^read failed: .* \(104\)$' 1
pass
