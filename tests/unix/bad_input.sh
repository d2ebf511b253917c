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
rep() { # VAR N: VAR := N a's (doubling: no process; bash's ${s// /a} is slow)
    local s=aaaaaaaa
    while ((${#s} < $2)); do s+=$s; done
    printf -v "$1" %s "${s:0:$2}"
}
rep a4095 4095 && rep a4096 4096 && rep a5000 5000
printf '%s\n' "$a4095" "$a4096" "$a5000" >"$T/in" && printf 'x\0y\n\nlast' >>"$T/in"
# Run a client directly, stdin from the file, stdout kept byte for byte.
raw() {
    timeout 10 "$BIN/$1" "$2" <"$T/in" >"$T/raw.out" 2>"$T/raw.err" ||
        fail "$1 failed: $(cat "$T/raw.err")"
}
# err_is TEXT: the client's stderr is that one line.
err_is() {
    local err=()
    mapfile -t err <"$T/raw.err"
    [ "${#err[@]}" = 1 ] && [ "${err[0]}" = "$1" ] || fail "client stderr: $(cat "$T/raw.err")"
}
# has_line NAME TEXT: NAME printed the line TEXT (compared as a string: a
# regex of 4096 a's costs bash 14 ms to compile, at every line it tests).
has_line() {
    local line
    while IFS= read -r line; do [ "$line" != "$2" ] || return 0; done <"$T/$1.out"
    fail "$1 did not print the line: ${2:0:60}... (${#2} bytes)"
}
too_long='line too long (5000 bytes, at most 4096): not sent'

start sserver unixstreamserver "$T/s.sock"
ready sserver
raw unixstreamclient "$T/s.sock"
printf 'Hi, %s\n' "$a4095" "$a4096" 'x?y' '' 'last' >"$T/want"
# (A first reply slower than 1 s, as under valgrind, adds `no answer yet: ...`.)
cmp -s "$T/want" "$T/raw.out" || sed -i '/^no answer yet: /d' "$T/raw.out"
cmp "$T/want" "$T/raw.out" || fail "unixstreamclient: output differs from the expected bytes"
err_is "$too_long"
expect_exit sserver 0 # its one client has quit: all its output is in
has_line sserver "Receive: $a4095"
has_line sserver "Receive: $a4096"
expect sserver '^Receive: x\?y$' # the NUL went through, shown as ?
expect_count sserver '^Receive: ' 5
expect sserver '^client quit$'

start dserver unixdataserver "$T/d.sock"
ready dserver
raw unixdataclient "$T/d.sock"
read -r bound <"$T/raw.out" # "bound to <its private path>"
[[ $bound == "bound to $TMPDIR/unixdataclient."* ]] || fail "unixdataclient's first line: $bound"
{
    printf '%s\n' "$bound"
    for m in "$a4095" "$a4096" 'x?y' '' 'last'; do # our own line and the reply, the NUL masked
        printf 'now sending %s\nHi, %s\n' "$m" "$m"
    done
} >"$T/want"
cmp "$T/want" "$T/raw.out" || fail "unixdataclient: output differs from the expected bytes"
err_is "$too_long"
stop dserver INT
expect_exit dserver 0
expect_count dserver '^Receive: ' 5
expect_count dserver '^now sending: Hi, ' 5
[ -z "$(ls -A "$TMPDIR")" ] || fail "the client left $(ls -A "$TMPDIR") in TMPDIR"

# Arguments. check CODE REGEX PROGRAM ARGS...: run_now (to its end, now), exit CODE
# and a line matching REGEX.
nbad=0
check() { nbad=$((nbad + 1)); run_now "bad$nbad" "$1" "${@:3}"; expect "bad$nbad" "$2"; }
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
