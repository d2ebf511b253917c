#!/usr/bin/env bash
# demo: mux-two-terminals — the chapter's recipe: two nc clients typed by hand, against blockingserver (the second waits) and then selectserver (both answered)
# The README's recipe, as a student types it: a server in one terminal,
# `nc 127.0.0.1 9527` in two others. blockingserver answers the second nc
# only once the first has left (Ctrl-D); selectserver answers both at once.
# The kernel's view: with blockingserver the second connection is
# established but its line sits unread on the server's side (Recv-Q).
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
# is VALUE COMMAND...: COMMAND prints VALUE (a condition wait_true can
# retry: "$(...)" in its arguments would be worked out once, before it).
is() { [ "$("${@:2}")" = "$1" ]; }
need nc

NC=$(command -v nc)
unread() { ss -Htn state established "( sport = :$PORT )" | awk '{ n += $1 } END { print n + 0 }'; }

note test "--- blockingserver"
start server blockingserver -p 0
ready server
start nc1 "$NC" -N 127.0.0.1 "$PORT"
send nc1 'hello from terminal 2'
wait_for nc1 '^hello from terminal 2$'
start nc2 "$NC" -N 127.0.0.1 "$PORT"
send nc2 'hello from terminal 3'
wait_true "terminal 3's line unread on the server's side" is 22 unread
note ss "unread on the server's side: $(unread) bytes"
nap "$(timer 0.3 3)" # nothing comes back while terminal 2 stays
expect_not nc2 '^hello from terminal 3$'
eof nc1 # Ctrl-D in terminal 2
expect_exit nc1 0
wait_for nc2 '^hello from terminal 3$'
eof nc2
expect_exit nc2 0
wait_count server '^client .* closed \(0 clients\)$' 2
stop server
expect_exit server 0

note test "--- selectserver"
start server selectserver -p "$PORT" # the same port: the capture sees it too
ready server
start nc1 "$NC" -N 127.0.0.1 "$PORT"
send nc1 'hello from terminal 2'
wait_for nc1 '^hello from terminal 2$'
start nc2 "$NC" -N 127.0.0.1 "$PORT"
send nc2 'hello from terminal 3'
wait_for nc2 '^hello from terminal 3$'
expect server '^connection from 127\.0\.0\.1:[0-9]+ \(fd [0-9]+, 2 clients\)$'
[ "$(ss -Htn state established "( sport = :$PORT )" | wc -l)" = 2 ] || fail "not 2 connections on the server's side"
[ "$(unread)" = 0 ] || fail "$(unread) bytes unread on the server's side"
send nc1 'still here'
wait_for nc1 '^still here$'
eof nc1
eof nc2
expect_exit nc1 0
expect_exit nc2 0
wait_for server '^client .* closed \(0 clients\)$'
stop server
expect_exit server 0
expect server '^served 2 clients, 3 reads; CPU '
pass
