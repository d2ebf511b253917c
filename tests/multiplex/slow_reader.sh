#!/usr/bin/env bash
# demo: mux-slow-reader — a client that sends but never reads stalls nobody: select, poll and epoll servers keep its echo buffered and answer the others
# A perl client with a tiny receive buffer sends 128 KiB and never reads:
# its echo fills its own receive buffer, then the server's send buffer
# (ss: Recv-Q on its side, Send-Q on the server's, both stuck), then waits
# in the server. Meanwhile loadclient's two active connections must each get
# every echo within 2 s (-t): a server that wrote to the slow reader with a
# blocking write() would hang there and fail this (blockingserver does).
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

stall=$((2 * ${VALGRIND_SLOWDOWN:-1}))
# The slow reader: SO_RCVBUF 4096 before connect(), 128 KiB out, nothing in.
SLOW='use Socket; $| = 1;
socket(my $s, PF_INET, SOCK_STREAM, 0) or die "socket: $!\n";
setsockopt($s, SOL_SOCKET, SO_RCVBUF, 4096) or die "setsockopt: $!\n";
connect($s, pack_sockaddr_in($ARGV[0], inet_aton("127.0.0.1"))) or die "connect: $!\n";
my ($port) = unpack_sockaddr_in(getsockname($s));
my $sent = 0;
while ($sent < 131072) { my $n = syswrite($s, "x" x 8192) or die "write: $!\n"; $sent += $n; }
print "port $port: sent $sent bytes, reading none\n";
my $line = <STDIN>; # until the test closes our stdin'

# Send-Q of the server's socket for the slow reader (the echo it cannot send).
server_sendq() { ss -Htan "( sport = :$PORT and dport = :$1 )" | awk '{ print $3 }'; }
stuck() { [ "$(server_sendq "$1")" -gt 0 ] 2>/dev/null; }

for server in selectserver pollserver epollserver; do
    start "$server" "$server" -p 0
    ready "$server"
    start slow /usr/bin/env perl -e "$SLOW" "$PORT"
    wait_for slow '^port [0-9]+: sent 131072 bytes, reading none$'
    slowport=$(sed -n 's/^port \([0-9]*\):.*/\1/p' "$T/slow.out")
    wait_true "$server's echo to the slow reader stuck in its send queue" stuck "$slowport"
    expect_ss "the slow reader's unread echo" "( sport = :$slowport and dport = :$PORT )"

    start load loadclient -p "$PORT" -a 2 -i 10 -d 0.03 -t "$stall" 127.0.0.1
    expect_exit load 0
    expect load '^connected 12 of 12 in [0-9.]+ s: 0 refused, 0 failed$'
    expect load '^requests [1-9][0-9]* in [0-9.]+ s \(2 active, 64 bytes each\)'
    # ...and the slow reader is still there, still unread, never dropped.
    stuck "$slowport" || fail "$server: the slow reader's echo left the send queue"
    expect_not "$server" 'dropped'
    running "$server" || fail "$server ended"
    eof slow
    expect_exit slow 0
    stop "$server"
    expect_exit "$server" 0
done
pass
