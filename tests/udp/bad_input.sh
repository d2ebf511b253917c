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
a() { head -c "$1" /dev/zero | tr '\0' a; }

for prog in udpclient udpconnectclient udpconnectclient2; do
    { a 4095; echo; a 4096; echo; a 5000; echo; printf 'x\0y\n\nlast'; } >"$T/in"
    raw "$prog" "$T/in"
    { for n in 4095 4096 5000; do
        printf 'now sending %s\nsend bytes: %d\nHi, %s\n' "$(a $n)" "$n" "$(a $n)"
    done
      printf 'now sending x?y\nsend bytes: 3\nHi, x?y\n' # our line and the reply, masked
      printf 'now sending \nsend bytes: 0\nHi, \n'
      printf 'now sending last\nsend bytes: 4\nHi, last\n'; } >"$T/want"
    cmp "$T/want" "$T/raw.out" || fail "$prog: output differs from the expected bytes"
    [ ! -s "$T/raw.err" ] || fail "$prog wrote to stderr: $(cat "$T/raw.err")"
done

# Arguments: each refused with exit 2 and a message naming the problem.
check() { # CODE REGEX PROGRAM ARGS...
    local code=$1 re=$2
    shift 2
    start bad "$@"
    expect_exit bad "$code"
    expect bad "$re"
}
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
for n in 4095 4096 5000; do expect_count server "^received $n bytes: a{$n}\$" 3; done
expect_count server '^received 3 bytes: x\?y$' 3 # the NUL is in the datagram, shown as ?
expect_count server '^received 0 bytes: $' 3
expect_count server '^received [0-9]+ bytes' 18 # nothing from the refused runs
pass
