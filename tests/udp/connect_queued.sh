#!/usr/bin/env bash
# connect() on udpconnectserver's socket filters what arrives from then on;
# a stranger's datagram that was already queued before it is still there.
# The server reads with recvfrom and drops it (`ignored N bytes from
# IP:PORT: not our peer`) instead of answering it to its peer. Here the
# server is stopped (SIGSTOP) while client 1's g1 and then a stranger's
# datagram queue up; after SIGCONT it connects to client 1 and client 1
# gets exactly its own replies.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

start server udpconnectserver -p 0
ready server
start c1 udpconnectclient2 -p "$PORT" 127.0.0.1
# queued N: wait until the server's receive queue holds more than N bytes
# (ss's Recv-Q: the datagrams' memory, header included).
queued() {
    local deadline=$(($(now_ms) + WAIT_SECS * 1000)) q
    until q=$(ss -Huan "( sport = :$PORT )" | awk '{ print $2 }') && [ "${q:-0}" -gt "$1" ]; do
        [ "$(now_ms)" -lt "$deadline" ] || fail "the server's queue stays at ${q:-?} bytes"
        sleep 0.01 # poll
    done
    Q=$q
}
stop server STOP && stopped server
send c1 g1 && queued 0 # g1 is first in the queue
printf intruder >"/dev/udp/127.0.0.1/$PORT" || fail "cannot send the stranger's datagram"
queued "$Q" # the stranger's is second, still before connect()
note ss "server's Recv-Q: $Q bytes"
stop server CONT
wait_for c1 '^Hi, g1$'
wait_for server '^connected to 127\.0\.0\.1:[0-9]+$'
wait_for server '^ignored 8 bytes from 127\.0\.0\.1:[0-9]+: not our peer$'
send c1 g3 && wait_for c1 '^Hi, g3$' # the reply to g3, not "Hi, intruder"
send c1 goodbye && wait_for c1 '^Hi, goodbye$'
expect_exit server 0
eof c1 && expect_exit c1 0
expect_not c1 'intruder'
expect_not server '^received 8 bytes'
expect server '^received 3 datagrams$' # the dropped one is not counted
diff <(printf '%s\n' 'now sending g1' 'send bytes: 2' 'Hi, g1' 'now sending g3' 'send bytes: 2' \
    'Hi, g3' 'now sending goodbye' 'send bytes: 7' 'Hi, goodbye') "$T/c1.out" >&2 ||
    fail "client 1 transcript differs (above)"
pass
