#!/usr/bin/env bash
# unixstreamserver reads at most MAXLINE (4096) bytes of a line: a longer
# line is cut to 4096 (`line longer than 4096 bytes: cut to 4096`) and the
# reply carries the 4096 bytes kept. A raw peer (perl) sends 5000 bytes,
# then 8 MiB without a newline: the server's memory does not grow with it,
# and the next line is served as usual.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
need perl

sock=$T/long.sock
start server unixstreamserver "$sock"
ready server
perl -MSocket -e '
    sub rss_kib { # the server'"'"'s resident memory
        open(my $f, "<", "/proc/$ARGV[1]/status") or die "status: $!";
        while (<$f>) { return $1 if /^VmRSS:\s+(\d+)/ }
        die "no VmRSS";
    }
    socket(my $s, AF_UNIX, SOCK_STREAM, 0) or die "socket: $!";
    connect($s, pack_sockaddr_un($ARGV[0])) or die "connect: $!";
    select((select($s), $| = 1)[0]);
    print $s "a" x 5000, "\n";
    print <$s> eq "Hi, " . "a" x 4096 . "\n" ? "True\n" : "False\n";
    my $before = rss_kib();
    print $s "b" x (8 << 20), "\n";
    print <$s> eq "Hi, " . "b" x 4096 . "\n" ? "True\n" : "False\n";
    my $grown = rss_kib() - $before;
    print $grown < 2048 ? "grown under 2 MiB\n" : "grown by $grown KiB\n";
    print $s "g3\n";
    print scalar <$s>' "$sock" "$(pid_of server)" >"$T/wire" 2>&1 ||
    fail "perl client failed: $(cat "$T/wire")"
diff - "$T/wire" >&2 <<'WANT' || fail "replies differ (above)"
True
True
grown under 2 MiB
Hi, g3
WANT
expect_exit server 0
expect_count server '^line longer than 4096 bytes: cut to 4096$' 2
grep -qxF "Receive: $(head -c 4096 /dev/zero | tr '\0' a)" "$T/server.out" || fail "no 4096 a's"
grep -qxF "Receive: $(head -c 4096 /dev/zero | tr '\0' b)" "$T/server.out" || fail "no 4096 b's"
expect server '^Receive: g3$'
expect server '^client quit$'
pass
