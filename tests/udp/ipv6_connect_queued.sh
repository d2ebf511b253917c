#!/usr/bin/env bash
# udp.connect_queued over IPv6: the stranger's datagram queued before
# connect() comes from the same address as the peer, [::1], from another
# port, so "is this from my peer?" must compare the IPv6 address and the
# port (sockaddr_in6), not an IPv4 field. The server drops it (`ignored 8
# bytes from [::1]:N: not our peer`) and answers only its peer.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
"$BIN/make_socket" -6 -p 0 >/dev/null 2>"$T/v6" || skip "no IPv6 here: $(cat "$T/v6")"

start server udpconnectserver -6 -p 0
ready server
start c1 udpconnectclient2 -p "$PORT" ::1
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
printf intruder >"/dev/udp/::1/$PORT" || fail "cannot send the stranger's datagram"
queued "$Q" # the stranger's is second, still before connect()
note ss "server's Recv-Q: $Q bytes"
stop server CONT
wait_for c1 '^Hi, g1$'
wait_for server '^connected to \[::1\]:[0-9]+$'
wait_for server '^ignored 8 bytes from \[::1\]:[0-9]+: not our peer$'
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
