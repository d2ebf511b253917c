#!/usr/bin/env bash
# `goodbye` ends udpconnectserver however the line ends: nc -u sends what
# you type with its newline (8 bytes, "goodbye\n"), a Windows tool or
# telnet with CRLF (9 bytes). The server compares the datagram without one
# line ending, answers it (`Hi, ` + the exact bytes) and exits 0. Anything
# else, even `goodbye!` or `goodbye` with two newlines, is a message.
# The peer is a raw sender: bash's /dev/udp, one socket held open.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

# dgram FORMAT ARGS...: one datagram on the held socket. (The external
# printf writes its output once; bash's builtin writes at each newline,
# which would split "goodbye\n\n" into two datagrams.)
dgram() { env printf "$@" >&"$u" || fail "cannot send"; }

for ending in lf crlf; do
    case $ending in lf) eol=$'\n' ;; crlf) eol=$'\r\n' ;; esac
    start server udpconnectserver -p 0
    ready server
    exec {u}<>"/dev/udp/127.0.0.1/$PORT" || fail "cannot open a UDP socket to $PORT"
    dgram 'g1%s' "$eol" && wait_for server '^connected to 127\.0\.0\.1:[0-9]+$'
    dgram 'goodbye!%s' "$eol" && wait_for server '^received [0-9]+ bytes: goodbye!'
    dgram 'goodbye\n\n' && wait_for server '^received 9 bytes: goodbye\?\?$'
    note test "goodbye with $ending"
    dgram 'goodbye%s' "$eol"
    expect_exit server 0
    exec {u}>&-
    n=$((7 + ${#eol}))
    expect server "^received $n bytes: goodbye\\?{${#eol}}\$" # the line ending shown as ?
    expect_count server '^send bytes: ' 4 # each answered, goodbye too
    expect server "^send bytes: $((n + 4))\$"
    expect server '^received 4 datagrams$'
done
pass
