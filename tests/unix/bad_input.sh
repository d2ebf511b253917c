#!/usr/bin/env bash
# Bad input for the local-socket programs (run it in the sanitizer build
# too): lines of 4095 and 4096 bytes, NUL bytes, an empty line and a last
# line without newline are echoed byte for byte (received data is printed
# with control bytes such as the NUL shown as '?'); a 5000-byte line is refused
# with a message (a message holds at most MAXLINE = 4096 bytes) and the next
# line still goes; bad arguments are refused with exit 2.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

export TMPDIR=$T/tmp
mkdir "$TMPDIR" || fail "mkdir $TMPDIR"
a() { head -c "$1" /dev/zero | tr '\0' a; }
{ a 4095; echo; a 4096; echo; a 5000; echo; printf 'x\0y\n\nlast'; } >"$T/in"
# Run a client directly, stdin from the file, stdout kept byte for byte.
raw() {
    timeout 10 "$BIN/$1" "$2" <"$T/in" >"$T/raw.out" 2>"$T/raw.err" ||
        fail "$1 failed: $(cat "$T/raw.err")"
}
too_long='line too long (5000 bytes, at most 4096): not sent'

start sserver unixstreamserver "$T/s.sock"
ready sserver
raw unixstreamclient "$T/s.sock"
printf 'Hi, %s\n' "$(a 4095)" "$(a 4096)" 'x?y' '' 'last' >"$T/want"
# (A first reply slower than 1 s, as under valgrind, adds `no answer yet: ...`.)
sed -i '/^no answer yet: /d' "$T/raw.out"
cmp "$T/want" "$T/raw.out" || fail "unixstreamclient: output differs from the expected bytes"
[ "$(cat "$T/raw.err")" = "$too_long" ] || fail "unixstreamclient stderr: $(cat "$T/raw.err")"
expect_exit sserver 0 # its one client has quit: all its output is in
for n in 4095 4096; do expect sserver "^Receive: a{$n}\$"; done
expect sserver '^Receive: x\?y$' # the NUL went through, shown as ?
expect_count sserver '^Receive: ' 5
expect sserver '^client quit$'

start dserver unixdataserver "$T/d.sock"
ready dserver
raw unixdataclient "$T/d.sock"
sed -i 1d "$T/raw.out" # "bound to <its private path>"
for m in "$(a 4095)" "$(a 4096)" 'x' '' 'last'; do
    printf 'now sending %s\nHi, %s\n' "$m" "$m"
done | # our own line as is, the reply with the NUL masked
    sed 's/^now sending x$/now sending x?y/; s/^Hi, x$/Hi, x?y/' >"$T/want"
cmp "$T/want" "$T/raw.out" || fail "unixdataclient: output differs from the expected bytes"
[ "$(cat "$T/raw.err")" = "$too_long" ] || fail "unixdataclient stderr: $(cat "$T/raw.err")"
stop dserver INT
expect_exit dserver 0
expect_count dserver '^Receive: ' 5
expect_count dserver '^now sending: Hi, ' 5
[ -z "$(ls -A "$TMPDIR")" ] || fail "the client left $(ls -A "$TMPDIR") in TMPDIR"

# Arguments.
check() { # CODE REGEX PROGRAM ARGS...
    local code=$1 re=$2
    shift 2
    start bad "$@"
    expect_exit bad "$code"
    expect bad "$re"
}
for prog in unixstreamserver unixdataserver unixstreamclient unixdataclient; do
    check 0 "^usage: $prog " $prog -h
    check 2 '^usage: ' $prog
    check 2 '^usage: ' $prog "$T/x.sock" extra
    check 2 '^usage: ' $prog -x "$T/x.sock"
    check 2 '^empty socket path$' $prog ''
done
check 2 "^invalid client count 'abc'" unixstreamserver -n abc "$T/x.sock"
check 2 "^invalid datagram count '-1'" unixdataserver -n -1 "$T/x.sock"
check 2 "^invalid timeout 'abc'" unixdataclient -t abc "$T/x.sock"
check 2 "^invalid timeout '-1'" unixdataclient -t -1 "$T/x.sock"
[ ! -e "$T/x.sock" ] || fail "a refused run created $T/x.sock"
pass
