#!/usr/bin/env bash
# stdin matrix for the datagram clients (udpclient, udpconnectclient,
# udpconnectclient2 against udpserver; unixdataclient against
# unixdataserver): lines of 0, 4095, 4096, 4097 and 100000 bytes, lines with
# NUL bytes, 64 KiB of binary garbage, each followed by a normal line.
# One line is one datagram, echoed byte for byte. Too long for the protocol
# (UDP: > 65507 bytes, unix: > MAXLINE = 4096) is reported on stderr and
# skipped, and the next line goes; the clients keep at most a datagram's
# worth of a line (memory does not grow with it). No crash, no sanitizer
# report, exit 0.
export LC_ALL=C # binary output: the harness's `read` must see bytes
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
need perl
. "$(dirname "$0")/matrix" # start_direct

# The input, and the expected stdout built from it line by line (one perl,
# not one per file: 10 ms each): a line that fits is announced (masked, as
# put_visible shows it), its size printed (UDP), and the reply; a longer one
# is only reported on stderr. want.udp: at most 65507 bytes, the same for
# the three UDP clients; want.unix: at most 4096.
perl -e '
    open(my $in, ">", "$ARGV[0]/in") or die "in: $!";
    my $i = 0;
    print $in "a" x $_, "\n", "ok", ++$i, "\n" for 0, 4095, 4096, 4097, 100000;
    print $in "x\0y\nok6\n\0\nok7\n\0\0lead\nok8\n";
    srand(6); print $in map { chr int rand 256 } 1 .. 65536; print $in "\nok9\n";
    close $in or die "in: $!";
    for my $w ([65507, 1, "udp"], [4096, 0, "unix"]) {
        my ($max, $udp, $name) = @$w;
        open($in, "<", "$ARGV[0]/in") or die "in: $!";
        open(my $out, ">", "$ARGV[0]/want.$name") or die "want: $!";
        while (<$in>) {
            chomp; next if length($_) > $max;
            my $n = length($_); '"$VISIBLE"' print $out "now sending $_\n";
            print $out "send bytes: $n\n" if $udp; print $out "Hi, $_\n";
        }
        close $out or die "want: $!";
    }' "$T" || fail "cannot write the input"
run() { # PROGRAM ARGS...: stdin from $T/in, bounded, never a crash
    timeout 20 "$BIN/$1" "${@:2}" <"$T/in" >"$T/out" 2>"$T/err"
    local rc=$?
    [ $rc = 0 ] || fail "$1 exited $rc: $(head -c 2000 "$T/err")"
    no_reports "$T/err"
}

start_direct server udpserver -p 0
ready server
for prog in udpclient udpconnectclient udpconnectclient2; do
    run $prog -p "$PORT" 127.0.0.1
    cmp "$T/want.udp" "$T/out" || fail "$prog: stdout differs from the expected bytes"
    call=sendto; [ $prog = udpconnectclient2 ] && call=send
    # The errno's number, whatever the libc calls it (musl: "Message too large").
    sed 's/: .* (90)$/: (90)/' "$T/err" |
        cmp - <(printf '%s failed: (90)\nnot sent: 100000 bytes, one UDP datagram carries at most 65507\n' $call) ||
        fail "$prog stderr: $(cat "$T/err")"
done
stop server INT
expect_exit server 0
lines=$(grep -ac '^send bytes: ' "$T/want.udp")
expect server "^received $((3 * lines)) datagrams\$"

export TMPDIR=$T/tmp
mkdir "$TMPDIR"
start_direct server unixdataserver "$T/d.sock"
ready server
run unixdataclient "$T/d.sock"
sed -i 1d "$T/out" # "bound to <its private path>"
cmp "$T/want.unix" "$T/out" || fail "unixdataclient: stdout differs from the expected bytes"
printf 'line too long (%d bytes, at most 4096): not sent\n' 4097 100000 | cmp - "$T/err" ||
    fail "unixdataclient stderr: $(cat "$T/err")"
stop server INT
expect_exit server 0
expect_count server '^now sending: Hi, ' $((lines - 1)) # one reply per line sent
for i in {1..9}; do expect_count server "^now sending: Hi, ok$i\$" 1; done
expect_not server 'longer than|no reply'
[ -z "$(ls -A "$TMPDIR")" ] || fail "the client left $(ls -A "$TMPDIR")"
pass
