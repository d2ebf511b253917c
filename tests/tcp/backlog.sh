#!/usr/bin/env bash
# demo: tcp-backlog — a server that never accepts: the kernel queues backlog+1 connections, then drops SYNs
# listen(fd, 2) and no accept(): the accept queue fills to backlog+1 (Recv-Q)
# against its limit backlog (Send-Q); later clients' SYNs are dropped, so
# their connect() keeps retrying in SYN-SENT.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

start server tcpserver -p 0 -b 2 -A
ready server
for i in 1 2 3; do
    start "c$i" tcpclient -p "$PORT" -s 10 127.0.0.1
    expect_exit "c$i" 0 # the handshake completes without accept()
done

# The listener's queue: Recv-Q = 3 queued (backlog + 1), Send-Q = 2 (the limit).
line=$(ss -Hltn "( sport = :$PORT )")
note ss "listener: $line"
read -r _ recvq sendq _ <<<"$line"
[ "$recvq" = 3 ] && [ "$sendq" = 2 ] || fail "listener Recv-Q/Send-Q $recvq/$sendq, expected 3/2"

# A fourth client gets no SYN-ACK: its connect() blocks in SYN-SENT,
# retransmitting; with the queue never drained it would end in ETIMEDOUT
# (tcp.connect_errors shows that error).
start c4 tcpclient -p "$PORT" -s 10 127.0.0.1
wait_ss "the 4th client in SYN-SENT" state syn-sent "( dport = :$PORT )"
still_running c4 300
expect_ss "the 4th client still in SYN-SENT" state syn-sent "( dport = :$PORT )"
expect_not c4 'send into buffer'
pass
