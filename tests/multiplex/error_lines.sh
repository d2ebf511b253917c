#!/usr/bin/env bash
# Error lines stay whole when many threads or processes report at once:
# 150 clients of threadserver (a thread each) and 60 of forkserver (a
# process each) are reset together (SO_LINGER {1, 0}); every thread or
# child then prints `read from ADDR failed: Connection reset by peer (104)`
# at about the same moment, and each line must come out whole (lib's error
# printer formats the line first and writes it with one write(2)), never
# cut into another.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
need perl

for run in "threadserver 150" "forkserver 60"; do
    set -- $run
    note test "--- $1, $2 clients reset at once"
    start server "$1" -p 0 -q
    ready server
    start resets "$(command -v perl)" -MIO::Socket::INET -MSocket -e '
        my @s = map { IO::Socket::INET->new(PeerAddr => "127.0.0.1", PeerPort => $ARGV[0]) or die "connect: $!" } 1 .. $ARGV[1];
        $_->send("x") for @s;   # each one answered: its thread or child is up
        my $buf; sysread($_, $buf, 1) for @s;
        for (@s) { setsockopt($_, SOL_SOCKET, SO_LINGER, pack("ii", 1, 0)); close $_ }
        print "reset $ARGV[1]\n";' "$PORT" "$2"
    expect_exit resets 0 10
    wait_count server '^read from 127\.0\.0\.1:[0-9]+ failed: .* \(104\)$' "$2" 10
    stop server
    expect_exit server 0
    bad=$(grep -Ev '^read from 127\.0\.0\.1:[0-9]+ failed: [A-Za-z ]+ \(104\)$|^served [0-9]+ clients, |^listening on ' "$T/server.out" | grep -v '^(') || true
    [ -z "$bad" ] || fail "$1: torn or interleaved lines: $(head -3 <<<"$bad")"
done
pass
