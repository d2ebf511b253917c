#!/usr/bin/env bash
# A stop signal while stdout is blocked, or while a line is half typed.
# stdout is a FIFO whose reader (cat) is stopped, so a full pipe blocks the
# server's print, as a terminal paused with Ctrl-S or a pager would:
# - unixdataserver (long datagrams, each line longer than the pipe's
#   atomic 4096 bytes) stops at the first SIGTERM, exit 0, no
#   `stdout failed` line, its socket file removed (before: the first
#   SIGTERM ignored, the second printed a stale errno);
# - udpserver at one Ctrl-C (SIGINT) prints its datagram count once the
#   reader goes on, exit 0 (before: `stdout failed: Interrupted system
#   call (4)`, exit 1);
# - a stop between `half a li` and its newline answers nothing
#   (unixstreamserver) and sends nothing (unixdataclient).
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
need perl
PERL=$(command -v perl)

# blocked_output NAME PROGRAM ARGS...: start PROGRAM with stdout into a FIFO
# read by cat (NAME-reader, output in $T/NAME-reader.out); its stderr goes
# to the harness as usual. pause_reader NAME stops that cat (once both ends
# are open: a reader stopped before its open() would block the writer's).
blocked_output() {
    local name=$1 fifo=$T/$1.fifo
    mkfifo "$fifo" || fail "mkfifo $fifo"
    IN=$fifo start "$name-reader" "$(command -v cat)"
    start "$name" "$BASH" -c 'out=$1; shift; exec "$0" "$@" >"$out"' "$BIN/$2" "$fifo" "${@:3}"
}
pause_reader() {
    wait_for "$1-reader" '^bound to '
    stop "$1-reader" STOP
    stopped "$1-reader"
}
# flood_until_blocked NAME FAMILY ADDRESS: send long datagrams, each one
# only while NAME waits for one (wchan __skb_wait_for_more_packets; a woken
# process has none until it sleeps again), until NAME blocks writing to
# its stdout (pipe_write): a handful fill the pipe's 16 pages. Paced
# by the server, none is dropped on a full receive queue; bounded by time
# (WAIT_SECS), not by a count of tries: sent all at once, 400 datagrams
# could overflow the queue of a server not yet scheduled, which then drained
# what was left without ever filling the pipe (a flake under load).
flood_until_blocked() {
    "$PERL" -MSocket -e '
        my ($pid, $family, $to, $secs) = @ARGV;
        my $unix = $family eq "unix";
        socket(my $s, $unix ? AF_UNIX : AF_INET, SOCK_DGRAM, 0) or die "socket: $!";
        my $dest = $unix ? pack_sockaddr_un($to) : pack_sockaddr_in($to =~ /:(\d+)$/, INADDR_LOOPBACK);
        my ($end, $sent, $wchan) = (time + $secs, 0, "");
        while (time <= $end) {
            open(my $w, "<", "/proc/$pid/wchan") or die "$pid is gone\n";
            $wchan = <$w> // "";
            exit 0 if $wchan =~ /pipe_write/;
            if ($wchan =~ /__skb_wait_for_more_packets/) {
                $sent++ if send($s, "x" x 4096, MSG_DONTWAIT, $dest);
            }
            select(undef, undef, undef, 0.001); # (perl-base has no Time::HiRes)
        }
        die "never blocked in its stdout ($sent datagrams sent, wchan now $wchan)\n"' \
        "$(pid_of "$1")" "$2" "$3" "$WAIT_SECS" || fail "$1 never blocked"
    note test "$1 is blocked writing to its stdout (a full pipe)"
}

sock=$T/data.sock
blocked_output dserver unixdataserver "$sock"
pause_reader dserver
flood_until_blocked dserver unix "$sock"
t0=$(now_ms)
stop dserver TERM
expect_exit dserver 0
note test "unixdataserver ended $(($(now_ms) - t0)) ms after one SIGTERM"
expect_not dserver 'stdout failed'
[ ! -e "$sock" ] || fail "unixdataserver left $sock behind"
stop dserver-reader CONT
expect_exit dserver-reader 0

blocked_output userver udpserver -p 0
pause_reader userver
port=$(sed -n 's/^bound to .*://p' "$T/userver-reader.out")
flood_until_blocked userver inet "127.0.0.1:$port"
stop userver INT
stop userver-reader CONT
expect_exit userver 0
expect_not userver 'stdout failed'
expect_exit userver-reader 0
expect userver-reader '^received [0-9]+ datagrams$'

# Half a line, then a stop: nothing answered, nothing sent.
ssock=$T/stream.sock
start sserver unixstreamserver "$ssock"
ready sserver
start half "$PERL" -MSocket -e '$| = 1;
    socket(my $c, AF_UNIX, SOCK_STREAM, 0) or die "socket: $!";
    connect($c, pack_sockaddr_un($ARGV[0])) or die "connect: $!";
    syswrite($c, "half a li") or die; print "sent\n";
    while (sysread($c, my $b, 100)) { print "got: $b\n" } print "eof\n"' "$ssock"
wait_for half '^sent$'
poll "$WAIT_SECS" "the server never read the fragment" \
    eval '[ "$(ss -Hx src "$ssock" | awk "\$3 == 0 && \$2 == \"ESTAB\"" | wc -l)" = 1 ]'
stop sserver TERM
expect_exit sserver 0
wait_for half '^eof$'
expect_not half '^got:'
expect_not sserver 'half a li'

dsock=$T/data2.sock
start dserver2 unixdataserver "$dsock"
ready dserver2
printf 'half a li' >"$T/half"
TMPDIR=$T start dclient unixdataclient "$dsock"
wait_for dclient '^bound to '
send_raw dclient "$T/half"
stop dclient TERM
expect_exit dclient 0
expect_not dclient 'now sending'
stop dserver2
expect_exit dserver2 0
expect_not dserver2 'Receive'
pass
