#!/usr/bin/env bash
# poll and epoll have no FD_SETSIZE: 2000 idle connections (descriptors far
# past 1024) all connected and answered, and an active client's requests
# all answered, by pollserver, epollserver and epollserver -e. The kernel
# shows the 2001 connections on the server's side (ss) while they last.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
no_valgrind "2000 connections"
ulimit -n 8192 2>/dev/null || skip "cannot raise the open-file limit to 8192 (hard limit $(ulimit -Hn))"

# held N: the server's side holds N established connections.
held() { [ "$(ss -Htn state established "( sport = :$PORT )" | wc -l)" = "$1" ]; }
for srv in pollserver epollserver "epollserver -e"; do
    note test "--- $srv"
    start server $srv -p 0 -q # -q: 2001 connection lines would cost more than the test
    ready server
    start load loadclient -p "$PORT" -i 2000 -a 1 -d "$(timer 0.3 3)" -t 3 127.0.0.1
    wait_true "$srv: 2001 connections on the server's side (ss)" held 2001
    note ss "the server's side holds 2001 connections"
    expect_exit load 0 10
    expect load '^idle 2000: 2000 answered, 0 closed by the server, 0 unanswered$'
    expect load '^requests [1-9][0-9]* in '
    expect_not server '^refused '
    stop server
    expect_exit server 0
    expect server '^served 2001 clients, [0-9]+ reads; CPU '
done
pass
