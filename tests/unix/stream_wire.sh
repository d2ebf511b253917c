#!/usr/bin/env bash
# The bytes on the wire, read by an independent client (perl): each reply
# is exactly "Hi, " + the line + "\n" (no padding to 4096, no leftovers of
# an earlier longer line); lines are found in the stream however they
# arrive: two in one write get two replies, one split in two writes, one.
# Control bytes (NUL, ESC, CR) go back exactly; the server's log shows them
# as '?', so a peer cannot drive the terminal with escape sequences.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
need perl

sock=$T/wire.sock
start server unixstreamserver "$sock"
ready server
# Each reply is printed with its bytes escaped (\x.. for anything but
# printable ASCII), so the comparison below sees every byte.
perl -MSocket -e '
    sub show { my $l = shift; return "(none)" unless defined $l;
        $l =~ s/([^\x20-\x7e])/sprintf("\\x%02x", ord $1)/ge; return "[$l]" }
    socket(my $s, AF_UNIX, SOCK_STREAM, 0) or die "socket: $!";
    connect($s, pack_sockaddr_un($ARGV[0])) or die "connect: $!";
    sub put { syswrite($s, $_[0]) == length $_[0] or die "write: $!" }
    put("a much longer line than the next one\n"); print show(scalar <$s>), "\n";
    put("g2\n");                                   print show(scalar <$s>), "\n";
    put("g3\ng4\n");                               # two lines, one write
    print show(scalar <$s>), " ", show(scalar <$s>), "\n";
    put("g"); select(undef, undef, undef, 0.2); put("5\n"); # one line, two writes
    print show(scalar <$s>), "\n";
    put("x\0y\e[31mred\r\n");                     # control bytes
    print show(scalar <$s>), "\n";
    shutdown($s, 1) or die "shutdown: $!";
    local $/; my $rest = <$s>;                     # nothing more: no stray bytes
    print show($rest), "\n"' "$sock" >"$T/wire" 2>&1 || fail "perl client failed: $(cat "$T/wire")"
diff - "$T/wire" >&2 <<'WANT' || fail "bytes on the wire differ (above)"
[Hi, a much longer line than the next one\x0a]
[Hi, g2\x0a]
[Hi, g3\x0a] [Hi, g4\x0a]
[Hi, g5\x0a]
[Hi, x\x00y\x1b[31mred\x0d\x0a]
(none)
WANT
expect_exit server 0
expect_count server '^Receive: ' 6
expect server '^Receive: x\?y\?\[31mred\?$'
expect server '^client quit$'
pass
