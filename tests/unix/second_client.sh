#!/usr/bin/env bash
# demo: unix-second-client — an iterative server: a second client waits until the first leaves
# unixstreamserver serves one client at a time (the notes' design). A
# second client's connect() succeeds at once (the kernel queues it on the
# listening socket), but its first line is not answered while the first
# client stays: after 1 s it says `no answer yet: the server serves one
# client at a time; yours waits until the one before it leaves`. When the
# first client leaves (Ctrl-D), the server accepts the second and answers.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

sock=$T/unixstream.sock
start server unixstreamserver -n 0 "$sock"
ready server
start c1 unixstreamclient "$sock"
send c1 g1 && wait_for c1 '^Hi, g1$'

start c2 unixstreamclient "$sock"
send c2 g2
wait_for c2 '^no answer yet: the server serves one client at a time; yours waits until the one before it leaves$'
expect_not c2 '^Hi, g2$'
expect_not server '^Receive: g2$'
# Both connected: the first accepted, the second still in the listen queue
# (ss counts it in the listener's Recv-Q).
note ss "$(ss -Hxl | grep -F "$sock")"
[ "$(ss -Hxl | awk -v p="$sock" '$5 == p { print $3 }')" = 1 ] ||
    fail "ss -xl does not show one client waiting: $(ss -Hxl | grep -F "$sock")"

eof c1 && expect_exit c1 0
wait_for server '^client quit$'
wait_for c2 '^Hi, g2$'
expect server '^Receive: g2$'
eof c2 && expect_exit c2 0
expect_count c1 '^no answer yet' 0
stop server INT && expect_exit server 0
pass
