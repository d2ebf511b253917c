#!/usr/bin/env bash
# Received data (and the echo of a typed line) is printed with its control
# bytes (ESC, CR, BEL, NUL...) shown as '?', so neither a peer nor a file
# piped in can drive the terminal with escape sequences;
# the bytes themselves travel unchanged (the reply carries them back), and
# printable text, UTF-8 included, is printed as it is.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

esc=$'\033'
start server udpserver -p 0
ready server
printf '\033[2J\033]0;owned\007\r' >"/dev/udp/127.0.0.1/$PORT" || fail "cannot send"
wait_for server '^received 15 bytes: '
grep -qxF 'received 15 bytes: ?[2J?]0;owned??' "$T/server.out" ||
    fail "server: $(grep -a '^received 16' "$T/server.out" | od -c | head)"
for prog in udpclient udpconnectclient udpconnectclient2; do
    start client $prog -p "$PORT" 127.0.0.1
    send client "${esc}[31mred" 'héllo'
    wait_for client '^Hi, h'
    eof client && expect_exit client 0
    # Our own line's echo and the server's reply are both masked (a file
    # piped in is as able to steer the terminal as a peer).
    printf 'now sending ?[31mred\nsend bytes: 8\nHi, ?[31mred\nnow sending héllo\nsend bytes: 6\nHi, héllo\n' |
        cmp -s - "$T/client.out" || fail "$prog: $(od -c "$T/client.out" | head)"
done
stop server INT
expect_exit server 0
expect_count server '^received 8 bytes: \?\[31mred$' 3
expect_count server '^received 6 bytes: héllo$' 3

start server udpconnectserver -p 0
ready server
start client udpconnectclient2 -p "$PORT" 127.0.0.1
send client "${esc}[31mred" goodbye
expect_exit server 0
eof client && expect_exit client 0
expect server '^received 8 bytes: \?\[31mred$'
expect client '^Hi, \?\[31mred$'
pass
