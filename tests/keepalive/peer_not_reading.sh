#!/usr/bin/env bash
# A server that accepts and then never reads (a perl listener with a 4 KiB
# receive buffer; 4 KiB send buffers), and a student who pastes 200 `type1` lines (1028 bytes
# each): the send buffer fills. pingclient never blocks in a write, so its
# heartbeat still decides: `connection dead` after idle + interval x probes
# (0.3 + 0.15 x 2 = 0.6 s), exit 1. Messages that find the buffer full are
# not sent, and it says so. (Before: a blocking write, hung for ever after
# the first heartbeat.)
NETNS=always # the small buffers stay in a namespace of its own, demo mode too
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
need perl
[ -n "${_HARNESS_IN_NETNS:-}" ] || skip "needs a private network namespace (unshare -n) for its sysctls"
# Small send buffers (autotuning would let them grow to 4 MiB): full in a few messages.
sysctl -qw net.ipv4.tcp_wmem="4096 4096 4096" || skip "cannot set net.ipv4.tcp_wmem here"

start server "$(command -v perl)" -MSocket -MIO::Socket::INET -e '
    $| = 1;
    my $l = IO::Socket::INET->new(LocalAddr => "127.0.0.1", LocalPort => 0, Listen => 1)
        or die "listen: $!";
    setsockopt($l, SOL_SOCKET, SO_RCVBUF, 4096) or die "SO_RCVBUF: $!"; # accepted sockets inherit it
    print "listening on 127.0.0.1:", $l->sockport, "\n";
    my $c = $l->accept or die "accept: $!";
    print "accepted, never reading\n";
    sleep 60;'
ready server
start client pingclient -p "$PORT" -t 0.3 -i 0.15 -n 2 127.0.0.1
wait_for client '^connected, first heartbeat in 0\.3 s$'
t0=$(now_ms)
lines=()
for ((i = 0; i < 200; i++)); do lines+=(type1); done
send client "${lines[@]}"
wait_for client '^MSG_TYPE1 not sent: the server is not reading'
# The kernel's side: the client's Send-Q holds what the server never read.
read -r _ sendq _ < <(ss -Htn state established "( dport = :$PORT )")
note ss "the client's Send-Q: ${sendq:-(no connection)} bytes"
[ "${sendq:-0}" -gt 0 ] || fail "the client's send queue is empty: the buffer never filled"
expect_exit client 1 "$(timer 4 4)"
t1=$(now_ms)
expect client '^connection dead$'
note test "connection dead $((t1 - t0)) ms after the lines were typed"
[ $((t1 - t0)) -ge 540 ] || fail "dead after $((t1 - t0)) ms, before idle + interval x probes (0.6 s)"
pass
