#!/usr/bin/env bash
# demo: mux-thread-reset — threadserver: a thread per client (Threads: in /proc grows); a client's reset ends its thread only, the server keeps serving
# threadserver starts a detached thread per client: /proc/PID/status
# counts 1 + one per client. A client that resets its connection (SO_LINGER
# 0, then close: an RST) makes its thread's read() fail with ECONNRESET:
# that thread ends, and only it (the course's thread server called exit()
# there, taking every client down); the others and new clients are served.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

threads() { awk '$1 == "Threads:" { print $2 }' "/proc/$(pid_of server)/status"; }
threads_are() { [ "$(threads)" = "$1" ]; }

start server threadserver -p 0
ready server
threads_are 1 || fail "threadserver starts with $(threads) threads, expected 1"
note test "Threads: $(threads)"
for c in c1 c2 c3; do
    start "$c" graceclient -p "$PORT" -w 0 127.0.0.1
    send "$c" "hi-$c"
    wait_for "$c" "^hi-$c\$"
done
wait_true "4 threads (main + 3 clients)" threads_are 4
note test "Threads: $(threads)"

# c2 resets its connection: its thread reads ECONNRESET and ends.
send c2 abort
expect_exit c2 0
expect server '^read from 127\.0\.0\.1:[0-9]+ failed: .* \(104\)$'
expect server '^client 127\.0\.0\.1:[0-9]+ closed \(2 clients\)$'
wait_true "3 threads after the reset" threads_are 3
note test "Threads: $(threads)"
running server || fail "the server died with its client"

# Everybody else is still served, and so is a newcomer.
send c1 again
wait_for c1 '^again$'
start c4 graceclient -p "$PORT" -w 0 127.0.0.1
send c4 hi-c4
wait_for c4 '^hi-c4$'
wait_true "4 threads again" threads_are 4
[ "$(ss -Htn state established "( sport = :$PORT )" | wc -l)" = 3 ] || fail "not 3 connections on the server's side"
for c in c1 c3 c4; do eof "$c"; done
for c in c1 c3 c4; do expect_exit "$c" 0; done
wait_true "only the main thread left" threads_are 1
stop server
expect_exit server 0
expect server '^served 4 clients, 5 reads; CPU '
pass
