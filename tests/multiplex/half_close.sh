#!/usr/bin/env bash
# A client that sends 200 KB, shuts down its write side (FIN) and only then
# reads gets every byte back, from every server: when read() returns 0
# (EOF) while echo still waits in the server (its socket could not take
# it yet), the server stops reading that client but keeps it until the
# echo is out, then closes it (`client ... closed`). Accepted bytes are
# never thrown away. Small socket buffers in this namespace make 200 KB
# more than the kernel holds, so the server must keep some. Then a client
# that sends 512 KB and starts reading only once the server has stopped
# reading it (ss: bytes wait on both sides of the server's socket) gets it
# all back too: no client that reads is ever dropped. (The blocking
# servers cannot serve this client at all: their write() blocks until it
# reads, and it reads only after sending everything.)
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
need perl
sysctl -qw net.ipv4.tcp_rmem="4096 16384 16384" net.ipv4.tcp_wmem="4096 16384 16384" ||
    skip "cannot set tcp_rmem/tcp_wmem here"

SIZE=200000
# backpressure: the server's socket holds unread bytes in (Recv-Q) and
# unsent echo out (Send-Q): it has stopped reading that client.
backpressure() { ss -Htn state established "( sport = :$PORT )" | awk '$1 > 0 && $2 > 0 { f = 1 } END { exit !f }'; }
for srv in selectserver pollserver epollserver "epollserver -e" busypollserver; do
    note test "--- $srv"
    start server $srv -p 0
    ready server
    # Send everything, FIN, then read until the server closed; then (one
    # perl for both clients: 10 ms of CPU each) a client that reads late,
    # once the server has stopped reading it: the server stops while
    # 256 KiB of echo waits (backpressure: the writer blocks), and goes on
    # once it reads. Never dropped.
    start c "$(command -v perl)" -MSocket -e '
        $| = 1;
        sub conn {
            socket(my $s, PF_INET, SOCK_STREAM, 0) or die "socket: $!";
            connect($s, pack_sockaddr_in($ARGV[0], inet_aton("127.0.0.1"))) or die "connect: $!";
            return $s;
        }
        my $s = conn();
        my ($data, $got, $buf) = ("x" x $ARGV[1], 0, "");
        send($s, $data, 0) == length($data) or die "send: $!";
        shutdown($s, 1) or die "shutdown: $!";
        while (my $n = sysread($s, $buf, 65536)) { $got += $n }
        print "sent ", length($data), " got $got\n";
        close $s;
        <STDIN>; # the late reader: at the next line typed
        $s = conn();
        $got = 0;
        my $pid = fork() // die "fork: $!";
        if ($pid == 0) { send($s, "y" x $ARGV[2], 0) == $ARGV[2] or die "send: $!"; shutdown($s, 1); exit 0 }
        my $go = <STDIN>; # the test says when
        while (my $n = sysread($s, $buf, 65536)) { $got += $n }
        waitpid($pid, 0);
        print "late reader: sent $ARGV[2] got $got\n";' "$PORT" "$SIZE" 512000
    wait_for c "^sent $SIZE got $SIZE\$"
    expect server '^client 127\.0\.0\.1:[0-9]+ closed \(0 clients\)$'
    send c late
    wait_true "$srv: the server stopped reading the late reader" backpressure
    note ss "$(ss -Htn state established "( sport = :$PORT )")"
    send c read
    expect_exit c 0
    expect c '^late reader: sent 512000 got 512000$'
    expect_not server 'dropped'
    kill -TERM "$(pid_of server)" # (not `stop`: busypollserver never sleeps)
    expect_exit server 0
done
pass
