#!/usr/bin/env bash
# -h, bad options, invalid addresses, a client that sends NUL bytes,
# terminal controls (ESC, C1 CSI raw and in UTF-8) and a long line, a
# client that resets the connection.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

for prog in addressused addressused2; do
    run_now help 0 $prog -h
    expect help "^usage: $prog "
    for bad in "-p 65536" "-p x" "-x" "extra"; do
        run_now bad 2 $prog $bad # word splitting wanted
    done
    run_now bad 2 $prog -a 999.1.1.1
    expect bad "^invalid address '999\.1\.1\.1': not an IPv4 or IPv6 literal"
    run_now bad 1 $prog -a 192.0.2.1 -p 0 # not an address of this host
    expect bad '^bind failed: .* \(99\)$'
done

start server addressused -p 0
ready server
exec {c}<>"/dev/tcp/127.0.0.1/$PORT" || fail "cannot connect"
printf 'ab\0cd\r\n' >&"$c"
wait_for server '^received 7 bytes: ab\?cd$'
printf '\033[2J\x9b2J\xc2\x9b2J你好\r\n' >&"$c" # controls masked, UTF-8 text kept
wait_for server '^received 19 bytes: \?\[2J\?2J\?2J你好$'
head -c 5000 /dev/zero | tr '\0' y >&"$c"
exec {c}>&-
expect_exit server 0
got=$(awk '/^received [0-9]+ bytes/ { s += $2 } END { print s + 0 }' "$T/server.out")
[ "$got" -eq 5026 ] || fail "the server received $got bytes, expected 5026"

start server addressused2 -p 0 # a client that aborts: the read is reset
ready server
start client graceclient -p "$PORT" 127.0.0.1
send client abort
expect_exit client 0
expect_exit server 1
expect server '^read failed: .* \(104\)$'
pass
