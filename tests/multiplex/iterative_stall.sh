#!/usr/bin/env bash
# demo: mux-iterative-stall — blockingserver serves one client at a time: the second client's line waits in the kernel (ss: Recv-Q) until the first leaves; selectserver answers both at once
# The notes' 阻塞等待: a second client of blockingserver is ESTABLISHED (the
# kernel completed its handshake) but not accepted, and its bytes sit in its
# socket's receive queue, unanswered, until the first client leaves. Every
# concurrent server (a process, a thread, busy polling, select, poll, epoll)
# answers the second client while the first is still connected.
# timeout: 60
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

# server_side: the server's side of its established connections (ss, read
# in bash: no awk or wc per look): CONNS := how many, UNREAD := all bytes
# unread, QUEUES := each one's Recv-Q (" 3 0 ").
server_side() {
    local q
    CONNS=0 UNREAD=0 QUEUES=" "
    while read -r q _; do
        CONNS=$((CONNS + 1)) UNREAD=$((UNREAD + q)) QUEUES+="$q "
    done < <(ss -Htn state established "( sport = :$PORT )")
}
# queued BYTES: the server's side has a connection holding BYTES unread.
queued() { server_side && [[ $QUEUES == *" $1 "* ]]; }
# all_read: no byte waits unread on the server's side.
all_read() { server_side && [ "$UNREAD" = 0 ]; }

start server blockingserver -p 0
ready server
start c1 graceclient -p "$PORT" -w 0 127.0.0.1
send c1 one
wait_for c1 '^one$'
start c2 graceclient -p "$PORT" -w 0 127.0.0.1
send c2 two
wait_for c2 '^send bytes: 3$'
# Connected, not accepted: c2's 3 bytes wait in the kernel, nobody reads them.
wait_true "c2's 3 bytes queued on the server's side" queued 3
note ss "server side: $(ss -Htn state established "( sport = :$PORT )" | awk '{ printf "%s Recv-Q %s; ", $4, $1 }')"
nap "$(timer 0.15 3)" # the stall: nothing comes while c1 stays (an answer would come at once)
expect_not c2 '^two$'
expect_count server '^connection from ' 1
# c1 leaves: the server accepts c2 at last, reads its queued line, answers.
eof c1
expect_exit c1 0
wait_for c2 '^two$'
expect server '^client 127\.0\.0\.1:[0-9]+ closed \(0 clients\)$'
expect server '^connection from 127\.0\.0\.1:[0-9]+ \(fd [0-9]+, 1 clients\)$'
wait_true "c2's bytes read" all_read
send c2 close
expect_exit c2 0
stop server
expect_exit server 0
expect server '^served 2 clients, 2 reads; CPU '

# The concurrent servers: c2 is answered while c1 is still connected.
servers=(forkserver threadserver busypollserver selectserver pollserver epollserver "epollserver -e")
[ "$DEMO" != 1 ] || servers=(selectserver)
# Under valgrind (every step 10 times slower): one of each kind, no spinner.
[ -z "${VALGRIND:-}" ] || servers=(threadserver pollserver "epollserver -e")
for srv in "${servers[@]}"; do
    note test "--- $srv"
    start server $srv -p 0
    ready server
    start c1 graceclient -p "$PORT" -w 0 127.0.0.1
    send c1 one
    wait_for c1 '^one$'
    start c2 graceclient -p "$PORT" -w 0 127.0.0.1
    send c2 two
    wait_for c2 '^two$'
    wait_for server '\(fd [0-9]+, 2 clients\)$'
    # Both connections accepted and drained: no byte waits on the server's side.
    server_side
    [ "$CONNS" = 2 ] || fail "$srv: not 2 connections"
    wait_true "$srv: every byte read" all_read
    send c1 close
    send c2 close
    expect_exit c1 0
    expect_exit c2 0
    wait_count server '^client .* closed ' 2
    kill -TERM "$(pid_of server)" # (not `stop`: busypollserver never sleeps)
    expect_exit server 0
    expect server '^served 2 clients, 2 reads; CPU '
done
pass
