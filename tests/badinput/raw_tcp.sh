#!/usr/bin/env bash
# Every TCP server against raw peers: (a) 5000 random bytes, (b) half a
# message, then close, (c) connect and reset (graceclient `abort`: SO_LINGER
# {on, 0}, RST). Each is reported (the connection's end line, the reset as
# `Connection reset by peer (104)`); a next normal client is served; the
# server ends with its documented status, never a crash.
export LC_ALL=C # binary output: the harness's `read` must see bytes
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
need perl

perl -e 'srand(6); print map { chr int rand 256 } 1 .. 5000' >"$T/junk"
half() { printf "$1" >"$T/half"; }
raw() { # FILE: connect, send it, close
    exec {fd}<>"/dev/tcp/127.0.0.1/$PORT" || fail "cannot connect to $PORT"
    cat "$1" >&"$fd"
    exec {fd}>&-
}
trio() { # (a), (b), (c) against the running server
    raw "$T/junk" && wait_count server "$end" 1
    raw "$T/half" && wait_count server "$end" 2
    start rst graceclient -p "$PORT" 127.0.0.1
    send rst abort && expect_exit rst 0 && wait_count server "$end" 3
    expect server "^$1: .* \(104\)\$"
}
serve() { start server "$@" && ready server; } # server ARGS: listen, get PORT

end='^(client closed, [0-9]+ bytes read|read failed: .*)$'; half 'half'
serve tcpserver -p 0 -d 0 -n 4 && trio "read failed"
start client tcpclient -p "$PORT" -s 2048 127.0.0.1 && expect_exit client 0
expect_exit server 0
for n in 5000 4 2048; do expect server "^client closed, $n bytes read\$"; done

end='^(client closed|error (read|write): .*)$'; half 'half'
serve graceserver -p 0 -d 0 -n 4 && trio 'error read'
expect server '^received 4 bytes: half$'
start client graceclient -p "$PORT" 127.0.0.1
send client g1 shutdown && expect_exit client 0
expect_exit server 1 # a read failed: documented status 1
expect client '^Hi, g1$'

end='^(client closed.*|unknown message type .*|read failed: .*)$'; half '\0\0\0\x15hal'
serve pingserver -p 0 -n 4 0 && trio "read failed"
expect server '^unknown message type \([0-9]+\), closing the connection$'
expect server '^client closed in the middle of a message \(7 of 1028 bytes\)$'
start client pingclient -p "$PORT" 127.0.0.1
send client type1 && wait_for server '^process MSG_TYPE1$'
stop client && expect_exit server 0

end='^(client closed, [0-9]+ bytes read|read failed: .*)$'; half 'half'
serve keepaliveserver -p 0 -n 4 && trio "read failed"
expect server '^client closed, 5000 bytes read$' && expect server '^client closed, 4 bytes read$'
start client keepaliveclient -p "$PORT" 127.0.0.1
end='^connection from .* staying silent$' && wait_count server "$end" 4
stop client && expect_exit server 0

end='^(client closed, [0-9]+ bytes read|(read|write) failed: .*)$'; half 'hel'
serve nagleserver -p 0 -n 4 && trio "read failed"
expect server '^received 3 bytes: hel$'
start client batchwrite -p "$PORT" 127.0.0.1
send client world && wait_for client '^server answered: ok 12$'
eof client && expect_exit client 0 && expect_exit server 0

for prog in addressused addressused2; do # one client each, by design
    end='^(client closed|read failed: .*)$'; half 'half'
    serve $prog -p 0 && raw "$T/junk" && expect_exit server 0
    serve $prog -p 0 && raw "$T/half" && expect_exit server 0
    expect server '^received 4 bytes: half$'
    serve $prog -p 0
    start rst graceclient -p "$PORT" 127.0.0.1 && send rst abort
    expect_exit server 1
    expect server '^read failed: .* \(104\)$'
done
pass
