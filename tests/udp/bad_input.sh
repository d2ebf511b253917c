#!/usr/bin/env bash
# Bad input for the UDP programs (run it in the sanitizer build too): lines
# of 4095, 4096 and 5000 bytes, NUL bytes and an empty line are each one
# datagram, echoed byte for byte (printed received data shows control bytes
# such as the NUL as '?'); bad addresses, ports and options are refused with
# a message and exit 2, before anything is sent.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

start server udpserver -p 0
ready server

# Run a client directly, stdin from a file, stdout kept byte for byte.
raw() {
    timeout 10 "$BIN/$1" -p "$PORT" 127.0.0.1 <"$2" >"$T/raw.out" 2>"$T/raw.err" ||
        fail "$1 failed: $(cat "$T/raw.err")"
}
rep() { # VAR N: VAR := N a's (doubling: no process; bash's ${s// /a} is slow)
    local s=aaaaaaaa
    while ((${#s} < $2)); do s+=$s; done
    printf -v "$1" %s "${s:0:$2}"
}
rep a4095 4095 && rep a4096 4096 && rep a5000 5000
printf '%s\n' "$a4095" "$a4096" "$a5000" >"$T/in" && printf 'x\0y\n\nlast' >>"$T/in"
{
    for a in "$a4095" "$a4096" "$a5000"; do
        printf 'now sending %s\nsend bytes: %d\nHi, %s\n' "$a" "${#a}" "$a"
    done
    printf 'now sending x?y\nsend bytes: 3\nHi, x?y\n' # our line and the reply, masked
    printf 'now sending \nsend bytes: 0\nHi, \n'
    printf 'now sending last\nsend bytes: 4\nHi, last\n'
} >"$T/want"

for prog in udpclient udpconnectclient udpconnectclient2; do
    raw "$prog" "$T/in"
    cmp "$T/want" "$T/raw.out" || fail "$prog: output differs from the expected bytes"
    [ ! -s "$T/raw.err" ] || fail "$prog wrote to stderr: $(cat "$T/raw.err")"
done

# Arguments: each refused with exit 2 and a message naming the problem.
# check CODE REGEX PROGRAM ARGS...: run_now (to its end, now), exit CODE
# and a line matching REGEX.
nbad=0
check() { nbad=$((nbad + 1)); run_now "bad$nbad" "$1" "${@:3}"; expect "bad$nbad" "$2"; }
for prog in udpclient udpconnectclient udpconnectclient2; do
    check 2 "^invalid address '999\.1\.1\.1': not an IPv4 or IPv6 literal" $prog -p "$PORT" 999.1.1.1
    check 2 "^invalid address 'localhost': not an IPv4 or IPv6 literal" $prog -p "$PORT" localhost
    check 2 "^invalid port '65536'" $prog -p 65536 127.0.0.1
    check 2 '^usage: ' $prog
    check 2 '^usage: ' $prog 127.0.0.1 extra
    check 0 "^usage: $prog " $prog -h
done
for prog in udpserver udpconnectserver; do
    check 2 "^invalid port '-1'" $prog -p -1
    check 2 '^usage: ' $prog -x
    check 2 '^usage: ' $prog extra
    check 0 "^usage: $prog " $prog -h
done
check 2 "^invalid datagram size 'abc'" udpclient -s abc 127.0.0.1
check 2 "^invalid delay '-5'" udpconnectserver -d -5
check 2 "^invalid delay '0.0000001'" udpconnectserver -d 0.0000001
stop server INT
expect_exit server 0 # all its output is in
for a in "$a4095" "$a4096" "$a5000"; do # (-F: a regex of 4096 a's is slow to compile)
    n=$(grep -cxF "received ${#a} bytes: $a" "$T/server.out")
    [ "$n" = 3 ] || fail "server printed the ${#a} a's $n times, expected 3"
done
expect_count server '^received 3 bytes: x\?y$' 3 # the NUL is in the datagram, shown as ?
expect_count server '^received 0 bytes: $' 3
expect_count server '^received [0-9]+ bytes' 18 # nothing from the refused runs
pass
