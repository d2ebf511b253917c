#!/usr/bin/env bash
# poll and epoll have no FD_SETSIZE: a client connects, then loadclient
# opens 2000 idle connections (descriptors far past 1024): every one is
# accepted and answered, the kernel shows 2001 connections on the server's
# side (ss), and the first client is still answered. For pollserver and
# epollserver -e (level-triggered epoll accepts the same way as poll).
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
no_valgrind "2000 connections"
ulimit -Sn 8192 2>/dev/null || skip "cannot raise the open-file limit to 8192 (hard limit $(ulimit -Hn))"

# held N: the server's side holds N established connections.
held() { [ "$(ss -Htn state established "( sport = :$PORT )" | wc -l)" = "$1" ]; }
for srv in pollserver "epollserver -e"; do
    note test "--- $srv"
    start server $srv -p 0 -q # -q: 2001 connection lines would cost more than the test
    ready server
    start c graceclient -p "$PORT" -w 0 127.0.0.1
    send c before
    wait_for c '^before$'
    start load loadclient -p "$PORT" -i 2000 -a 0 -d "$(timer 10 10)" -t 10 127.0.0.1
    wait_for load "^idle 2000: " 20
    [[ $MATCHED == 'idle 2000: 2000 answered, 0 closed by the server, 0 unanswered' ]] ||
        fail "$srv: $MATCHED"
    wait_true "$srv: 2001 connections on the server's side (ss)" held 2001
    note ss "the server's side holds 2001 connections"
    send c during
    wait_for c '^during$'
    kill -TERM "$(pid_of load)" # enough: its idle connections close
    expect_exit load 143
    send c close
    expect_exit c 0
    expect_not server '^refused '
    stop server
    expect_exit server 0
    expect server '^served 2001 clients, 2002 reads; CPU '
done
pass
