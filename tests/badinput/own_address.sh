#!/usr/bin/env bash
# A datagram whose sender is the server itself. udpserver and
# udpconnectserver get one forged on a raw socket (source 127.0.0.1 or
# 127.0.0.2, the server's own port: the wildcard bind makes every local
# address theirs); unixdataserver one from a client whose bound path has
# been swapped for a symlink to the server's own socket file. A reply would
# arrive at the server itself, be answered, and so on for ever (88% CPU,
# 190 MB of log in 3 s). Each says so in one line, sends nothing, and goes
# on serving a real client.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
need perl

self='^not answered: the sender is this server.s own address'
# forge SRC PORT MSG: one UDP datagram SRC:PORT -> 127.0.0.1:PORT (raw socket).
forge() {
    "$PERL" -MSocket -e 'my ($src, $port, $msg) = @ARGV;
        socket(my $s, AF_INET, SOCK_RAW, 17) or exit 77; # 17: UDP
        bind($s, sockaddr_in(0, inet_aton($src))) or die "bind: $!";
        my $udp = pack("nnnn", $port, $port, 8 + length $msg, 0) . $msg; # checksum 0: none
        send($s, $udp, 0, sockaddr_in(0, inet_aton("127.0.0.1"))) or die "send: $!"' "$@"
    case $? in 0) ;; 77) skip "no raw socket here (CAP_NET_RAW)" ;; *) fail "forge $*" ;; esac
    note test "forged a datagram from $1:$2 to 127.0.0.1:$2: $3"
}
PERL=$(command -v perl)

start server udpserver -p 0
ready server
forge 127.0.0.1 "$PORT" self1
forge 127.0.0.2 "$PORT" self2
wait_count server "$self" 2
start client udpclient -p "$PORT" 127.0.0.1
send client g1
wait_for client '^Hi, g1$'
wait_count server '^received [0-9]+ bytes: ' 3 # self1, self2, g1: no echo of its own
stop server INT
expect_exit server 0
expect server '^received 3 datagrams$'

start cserver udpconnectserver -p 0
ready cserver
forge 127.0.0.1 "$PORT" self3
wait_for cserver "$self"
start cclient udpconnectclient -p "$PORT" 127.0.0.1
send cclient g2
wait_for cclient '^Hi, g2$'
expect_not cserver '^connected to 127\.0\.0\.1:'"$PORT"'$'
wait_count cserver '^received [0-9]+ bytes: ' 2 # self3, g2
send cclient goodbye
expect_exit cserver 0
expect_count cserver '^received [0-9]+ bytes: ' 3 # and goodbye: nothing more

sock=$T/data.sock
start userver unixdataserver "$sock"
ready userver
"$PERL" -MSocket -MIO::Socket::UNIX -e 'my ($server, $mine) = @ARGV;
    my $s = IO::Socket::UNIX->new(Type => SOCK_DGRAM, Local => $mine) or die "bind: $!";
    unlink $mine or die "unlink: $!";
    symlink $server, $mine or die "symlink: $!"; # our address now names the server
    $s->send("self4", 0, pack_sockaddr_un($server)) or die "send: $!"' "$sock" "$T/mine.sock" ||
    fail "the unix sender failed"
note test "sent self4 from $T/mine.sock, now a symlink to $sock"
wait_for userver "$self"
export TMPDIR=$T
start uclient unixdataclient "$sock"
send uclient g3
wait_for uclient '^Hi, g3$'
wait_count userver "^Receive: " 2 # self4, g3
stop userver
expect_exit userver 0
expect_count userver '^Receive: ' 2 # nothing more
pass
