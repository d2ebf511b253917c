#!/usr/bin/env bash
# demo: mux-edge-strand — epollserver -e -1 (edge-triggered, one read per event) reading 16 bytes at a time: a 100-byte line gets 16 bytes of echo and the rest stays stranded in the server's receive queue (ss); -e (read until EAGAIN) and level-triggered give all 100 back
# Edge-triggered epoll reports a socket once per change, not while it stays
# readable. With 16-byte reads (-r 16), one 100-byte write is one event:
#  - epollserver -e -1 reads once (16 bytes) and waits for the next event,
#    which never comes: the client gets 16 bytes back, 84 stay in the
#    server's receive queue (ss: Recv-Q 84);
#  - epollserver -e reads until EAGAIN: all 100 come back;
#  - epollserver (level-triggered) is told again and again: all 100.
# The listener too: eight connections queued while the server is stopped
# are one event; -e accepts until EAGAIN (all eight served), -e -1 accepts
# one and leaves seven in the accept queue (the listener's Recv-Q).
# timeout: 60
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
# is VALUE COMMAND...: COMMAND prints VALUE (a condition wait_true can
# retry: "$(...)" in its arguments would be worked out once, before it).
is() { [ "$("${@:2}")" = "$1" ]; }

line=$(printf 'x%.0s' {1..100})
# echoed NAME: the x's NAME has printed (its echo, however it was cut).
echoed() { grep -E '^x+$' "$T/$1.out" | tr -d '\n' | wc -c; }
# server_queue: bytes unread on the server's side of the connection.
server_queue() { ss -Htn state established "( sport = :$PORT )" | awk '{ n += $1 } END { print n + 0 }'; }
listener_queue() { ss -Hltn "( sport = :$PORT )" | awk '{ print $2 }'; }

for flags in "-e -1" "-e" ""; do
    note test "--- epollserver $flags -r 16"
    start server epollserver -p 0 $flags -r 16
    ready server
    start c graceclient -p "$PORT" -w 0 127.0.0.1
    send c "$line"
    wait_for c '^send bytes: 100$'
    if [ "$flags" = "-e -1" ]; then
        wait_true "16 bytes echoed" is 16 echoed c
        wait_true "84 bytes stranded in the server's receive queue" is 84 server_queue
        nap "$(timer 0.15 2)" # no event will come for them
        [ "$(echoed c)" = 16 ] || fail "more than 16 bytes came back: $(echoed c)"
        note ss "server side: Recv-Q $(server_queue)"
        # One more byte is a new edge: one more read, 16 more bytes back.
        send c y
        wait_true "the next edge: 16 more" is 32 echoed c
        wait_true "69 bytes stranded" is 69 server_queue # 84 + 1 - 16
        note ss "server side after one more byte: Recv-Q $(server_queue)"
    else
        wait_true "all 100 bytes echoed" is 100 echoed c
        wait_true "nothing left in the server's receive queue" is 0 server_queue
    fi
    send c close
    expect_exit c 0
    stop server
    expect_exit server 0
done

# Eight connections while the server is stopped: one readiness change.
for flags in "-e" "-e -1"; do
    note test "--- epollserver $flags: eight connections at once"
    start server epollserver -p 0 $flags
    ready server
    stop server STOP
    stopped server
    start load loadclient -p "$PORT" -i 8 -a 0 -d 0 -t 5 127.0.0.1
    wait_true "eight connections queued" is 8 listener_queue
    note ss "listener: $(ss -Hltn "( sport = :$PORT )")"
    stop server CONT
    if [ "$flags" = "-e" ]; then
        wait_count server '^connection from ' 8
        wait_true "the accept queue empty" is 0 listener_queue
        expect_exit load 0
        expect load '^idle 8: 8 answered, 0 closed by the server, 0 unanswered$'
    else
        # One accept() for the one event; no other event comes for the rest.
        wait_count server '^connection from ' 1
        nap "$(timer 0.15 2)" # (a second event would come at once)
        expect_count server '^connection from ' 1
        note ss "listener: $(ss -Hltn "( sport = :$PORT )")"
        [ "$(listener_queue)" = 7 ] || fail "not 7 connections left in the accept queue"
        kill -TERM "$(pid_of load)" # its 7 would wait for ever
        expect_exit load 143
    fi
    stop server
    expect_exit server 0
done
pass
