#!/usr/bin/env bash
# -h, bad arguments, no server, and a server that vanishes mid-session:
# clear messages and the documented exit status, never a crash.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

for prog in nagleserver batchwrite nagleclient; do
    run_now help 0 $prog -h
    expect help "^usage: $prog "
done
check() { # exit 2 and print $re
    run_now bad 2 "$@"
    expect bad "$re"
}
re='^usage: nagleserver'; check nagleserver extra
re="^invalid client count '-1'"; check nagleserver -n -1
re="^invalid mode 'fast'"; check nagleclient -m fast 127.0.0.1
re="^invalid request count '0'"; check nagleclient -n 0 127.0.0.1
re="^invalid request count '-3'"; check nagleclient -n -3 127.0.0.1
re="^invalid address '999\.1\.1\.1': not an IPv4 or IPv6 literal"; check nagleclient 999.1.1.1
re="^invalid address '999\.1\.1\.1': not an IPv4 or IPv6 literal"; check batchwrite 999.1.1.1
re='^usage: batchwrite'; check batchwrite
re="^invalid wait '1s': expected seconds from 0 to 3600"; check batchwrite -w 1s 127.0.0.1
re='^usage: nagleclient'; check nagleclient

start server nagleserver -p 0
ready server
start client batchwrite -p "$PORT" 127.0.0.1
send client world
wait_for client '^server answered: ok 12$'
stop server
wait_exit server
send client again # the server's kernel answers with RST or FIN
expect_exit client 1
expect client '^(server terminated|read failed: .* \(104\)|writev failed: .* \(32\))$'

start client nagleclient -p "$PORT" -n 5 127.0.0.1
expect_exit client 1
expect client '^connect failed: .* \(111\)$'
pass
