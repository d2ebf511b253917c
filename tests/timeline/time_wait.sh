#!/usr/bin/env bash
# TIME-WAIT is shown whenever the kernel keeps one, whichever way the
# program ended: graceclient closes (close(), then exits at once, -w 0)
# while the server still holds its side open for 0.3 s. The client's socket
# is an orphan in FIN-WAIT-2 (`(closed, kept by the kernel)`); at the
# server's FIN the kernel moves it to TIME-WAIT, with no tracepoint of its
# own: the state line `FIN-WAIT-2 -> TIME-WAIT` comes after that FIN, and ss
# lists the entry. (The README's first pair, tcpclient and tcpserver, ends
# this way; the watcher once left the client at "kept by the kernel".)
# The server is a few lines of perl (perl-base): it reads to EOF, waits,
# closes. Needs root, tcpdump and tracefs.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
need tcpdump perl
real_root || skip "capturing needs root"

start server "$(command -v perl)" -MIO::Socket::INET -e '
    my $s = IO::Socket::INET->new(LocalAddr => "127.0.0.1", LocalPort => 0, Listen => 1) or die "listen: $!\n";
    $| = 1; print "listening on 127.0.0.1:", $s->sockport, "\n";
    my $c = $s->accept or die "accept: $!\n";
    my $b; 1 while sysread($c, $b, 100);
    print "read EOF\n"; select(undef, undef, undef, 0.3); close $c; print "closed\n"'
ready server
wire "$PORT"
has_states || skip "no state lines: $(grep '^# no state' "$T/wire.out")"
start client graceclient -p "$PORT" -w 0 127.0.0.1
send client close
expect_exit client 0
wait_for server '^closed$'
expect_exit server 0
c=$(sed -nE "s/^client:([0-9]+) -> server:$PORT  \\[SYN\\].*/\\1/p" "$T/wire.out" | head -n 1)
expect_state "^client:$c  FIN-WAIT-2 \\(closed, kept by the kernel\\)$"
expect_state "^client:$c  FIN-WAIT-2 -> TIME-WAIT$"
expect_ss "the client's TIME-WAIT" state time-wait "( sport = :$c )"
_stop_capture
timeline_sorted | awk -F '\t' -v c="$c" -v p="$PORT" '
    $2 == "wire" && index($3, "server:" p " -> client:" c "  [FIN") == 1 { fin = NR }
    $2 == "state" && index($3, "client:" c "  FIN-WAIT-2 -> TIME-WAIT") == 1 { tw = NR }
    END { exit !(fin && tw && fin < tw) }' || fail "TIME-WAIT is not drawn after the server's FIN"
pass
