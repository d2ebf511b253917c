#!/usr/bin/env bash
# poll and epoll have no FD_SETSIZE: a client connects, then loadclient
# opens 200 idle connections whose descriptors on the server's side run
# from about 1016 to 1215, past 1024: every one is accepted (/proc shows
# the server holding descriptors 1100 to 1199) and answered, the kernel shows 201 connections on the
# server's side (ss), and the first client is still answered. For
# pollserver and epollserver -e (level-triggered epoll accepts the same way
# as poll). The server starts with descriptors 10..1015 already open
# (inherited on /dev/null, as a server with many files open would have
# them): 200 connections take it past 1024, not 2000.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
no_valgrind "200 connections on 1200 descriptors: 4 s of valgrind for what the other flavours show"
ulimit -Sn 4096 2>/dev/null || skip "cannot raise the open-file limit to 4096 (hard limit $(ulimit -Hn))"

# held N: the server's side holds N established connections.
held() { [ "$(ss -Htn state established "( sport = :$PORT )" | wc -l)" = "$1" ]; }
for srv in pollserver "epollserver -e"; do
    note test "--- $srv"
    # Hold descriptors 10..1015 (bash's {fd} takes the lowest free from 10)
    # while the server starts: it inherits them, and its sockets get the rest.
    fds=()
    while exec {fd}</dev/null && fds+=("$fd") && [ "$fd" -lt 1015 ]; do :; done
    start server $srv -p 0 -q # -q: 201 connection lines would cost more than the test
    for fd in "${fds[@]}"; do exec {fd}<&-; done # (the server keeps its copies)
    ready server
    start c graceclient -p "$PORT" -w 0 127.0.0.1
    send c before
    wait_for c '^before$'
    start load loadclient -p "$PORT" -i 200 -a 0 -d "$(timer 10 10)" -t 10 127.0.0.1
    wait_for load "^idle 200: " 20
    [[ $MATCHED == 'idle 200: 200 answered, 0 closed by the server, 0 unanswered' ]] ||
        fail "$srv: $MATCHED"
    # Descriptors past 1024 were accepted: the server holds 1100 to 1199.
    high=(/proc/"$(pid_of server)"/fd/11[0-9][0-9])
    [ "${#high[@]}" = 100 ] || fail "$srv: holds ${#high[@]} of descriptors 1100..1199, not 100"
    note test "$srv holds descriptors ${high[0]##*/} to ${high[99]##*/}"
    wait_true "$srv: 201 connections on the server's side (ss)" held 201
    note ss "the server's side holds 201 connections"
    send c during
    wait_for c '^during$'
    kill -TERM "$(pid_of load)" # enough: its idle connections close
    expect_exit load 143
    send c close
    expect_exit c 0
    expect_not server '^refused '
    stop server
    expect_exit server 0
    expect server '^served 201 clients, 202 reads; CPU '
done
pass
