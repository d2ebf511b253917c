#!/usr/bin/env bash
# stdin matrix for the stream clients: lines of 0, 4095, 4096, 4097 and
# 100000 bytes, lines with NUL bytes, 64 KiB of binary garbage, each followed
# by a normal line. As each README documents:
#   unixstreamclient  echoes lines of up to MAXLINE (4096) bytes, refuses a
#                     longer one on stderr and goes on;
#   graceclient       sends a line longer than its 4096-byte buffer in pieces;
#   batchwrite        sends any line (in pieces), one answer `ok LEN+7` each.
# No crash, no sanitizer report, exit 0, every byte accounted for.
export LC_ALL=C # binary output: the harness's `read` must see bytes
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
need perl
. "$(dirname "$0")/matrix" # start_direct

# The input, and what each client's run must show, line by line (one perl,
# not one per file: 10 ms each): want.unix, unixstreamclient's stdout (as
# put_visible shows it); want.grace, graceclient's pieces; want.batch,
# batchwrite's answers; want.total, the bytes nagleserver reads.
perl -e '
    sub out { open(my $f, ">", "$ARGV[0]/$_[0]") or die "$_[0]: $!"; return $f }
    my $in = out("in");
    my $i = 0;
    print $in "a" x $_, "\n", "ok", ++$i, "\n" for 0, 4095, 4096, 4097, 100000;
    print $in "x\0y\nok6\n\0\nok7\n\0\0lead\nok8\n";
    srand(6); print $in map { chr int rand 256 } 1 .. 65536; print $in "\nok9\n";
    close $in or die "in: $!";
    my ($unix, $grace, $batch, $total, $s) = (out("want.unix"), out("want.grace"), out("want.batch"), out("want.total"), 0);
    open($in, "<", "$ARGV[0]/in") or die "in: $!";
    while (my $line = <$in>) {
        chomp $line;
        { local $_ = $line; '"$VISIBLE"' print $unix "Hi, $_\n" if length($_) <= 4096 }
        { local $_ = $line; s/\r$//; my $n = length; while ($n >= 4096) { print $grace "send bytes: 4096\n"; $n -= 4096 }
          print $grace "send bytes: $n\n" }
        printf $batch "server answered: ok %d\n", length($line) + 7;
        $s += length($line) + 7;
    }
    print $total "$s\n";
    close $_ or die "want: $!" for $unix, $grace, $batch, $total;' "$T" || fail "cannot write the input"
run() { # PROGRAM ARGS...: stdin from $T/in, bounded, exit 0, never a crash
    timeout 20 "$BIN/$1" "${@:2}" <"$T/in" >"$T/out" 2>"$T/err"
    local rc=$?
    [ $rc = 0 ] || fail "$1 exited $rc: $(head -c 2000 "$T/err")"
    no_reports "$T/err"
}
sum() { awk -v re="$1" -v f="$2" '$0 ~ re { s += $f } END { print s + 0 }' "$3"; } # REGEX FIELD FILE

start_direct server unixstreamserver "$T/s.sock"
ready server
run unixstreamclient "$T/s.sock"
cmp "$T/want.unix" "$T/out" || # as put_visible shows it
    fail "unixstreamclient: stdout differs from the expected bytes"
printf 'line too long (%d bytes, at most 4096): not sent\n' 4097 100000 | cmp - "$T/err" ||
    fail "unixstreamclient stderr: $(cat "$T/err")"
expect_exit server 0
for i in {1..9}; do expect_count server "^Receive: ok$i\$" 1; done
expect server '^client quit$'

start_direct server graceserver -p 0 -d 0
ready server
run graceclient -p "$PORT" 127.0.0.1
grep -a '^send bytes: ' "$T/out" | cmp - "$T/want.grace" || fail "graceclient: not the expected pieces"
grep -q '^end of input: shutdown$' "$T/out" && [ "$(tail -n 1 "$T/out")" = 'server terminated' ] ||
    fail "graceclient: no clean end: $(tail -n 2 "$T/out")"
expect_exit server 0
expect server '^client closed$'
sent=$(sum '^send bytes: ' 3 "$T/out") got=$(sum '^received [0-9]+ bytes: ' 2 "$T/server.out")
[ "$sent" = "$got" ] || fail "graceserver received $got bytes, graceclient sent $sent"
marks=$(sed -n 's/^received [0-9]* bytes: //p' "$T/server.out" | tr -d '\n' | grep -ao 'ok[0-9]' | tr -d '\n')
[ "$marks" = ok1ok2ok3ok4ok5ok6ok7ok8ok9 ] || fail "the normal lines reached graceserver as: $marks"

start_direct server nagleserver -p 0 -n 1
ready server
run batchwrite -p "$PORT" 127.0.0.1
# (A slow server, valgrind's, may add batchwrite's "no answer within 0.2 s"
# notice: the answers are what counts.)
grep -a '^server answered: ' "$T/out" | cmp - "$T/want.batch" ||
    fail "batchwrite: not one answer per line"
expect_exit server 0
read -r total <"$T/want.total"
expect server "^client closed, $total bytes read\$"
pass
