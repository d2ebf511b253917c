#!/usr/bin/env bash
# demo: framing — the cure for missing boundaries: graceserver -L reads up to each newline, so two lines in one read are two messages and a line sent in two pieces is one
# A newline-delimited protocol (a length prefix, as keepalive/'s
# messageObject, is the other usual cure). One write() carries
# "data1\ndata2\n": two messages, two replies. "da" then "ta3\n" in two
# writes: one message, one reply.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

start server graceserver -p 0 -d 0 -f "$(timer 0.3 3)" -L
ready server
exec {c}<>"/dev/tcp/127.0.0.1/$PORT" || fail "cannot connect"
note client 'data1\ndata2\n (one write)'
printf 'data1\ndata2\n' >&"$c"
wait_for server '^received 6 bytes: data1$'
wait_for server '^received 6 bytes: data2$'
read -r -t 5 -u "$c" r1 || fail "no first reply"
read -r -t 5 -u "$c" r2 || fail "no second reply"
note client "$r1 / $r2"
[ "$r1" = "Hi, data1" ] && [ "$r2" = "Hi, data2" ] || fail "replies: '$r1' '$r2'"

note client 'da (one write)'
printf 'da' >&"$c"
wait_ss "the 2 bytes delivered to the server" state established "( sport = :$PORT )"
still_running server 200 # a piece of a line: no message yet
expect_not server 'bytes: da$'
note client 'ta3\n (one write)'
printf 'ta3\n' >&"$c"
wait_for server '^received 6 bytes: data3$'
read -r -t 5 -u "$c" r3 || fail "no third reply"
[ "$r3" = "Hi, data3" ] || fail "reply: '$r3'"
exec {c}>&-
expect_exit server 0
expect_count server '^received ' 3
expect server '^client closed$'
pass
