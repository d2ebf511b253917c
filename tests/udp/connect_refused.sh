#!/usr/bin/env bash
# demo: udp-connect-refused — a connected UDP socket learns at once that nobody is there (ICMP port unreachable)
# udpconnectclient with no server: recvfrom fails with ECONNREFUSED right
# after the send, not after a timeout. (udpclient, unconnected, would wait
# forever: udp.client_alone.)
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
no_valgrind "it times the refusal"

start probe udpserver -p 0 -n 1 # ends after one datagram, giving its port back
ready probe
note test "one datagram from the shell ends the server: printf x >/dev/udp/127.0.0.1/$PORT"
printf x >"/dev/udp/127.0.0.1/$PORT"
expect_exit probe 0

start client udpconnectclient -p "$PORT" 127.0.0.1
# connect() sent nothing: the client sits in getline, still fine.
still_running client "$(timer 100 2000)"
t0=$(now_ms)
send client g1
expect_exit client 1
took=$(($(now_ms) - t0))
note test "refused after $took ms"
[ "$took" -lt 1000 ] || fail "the refusal took $took ms: it should come at once"
diff <(printf '%s\n' 'now sending g1' 'send bytes: 2' 'recvfrom failed: Connection refused (111)' \
    "hint: no socket at 127.0.0.1:$PORT takes our datagrams (ICMP port unreachable came back): start the server first, check -p, or it serves another client") \
    "$T/client.out" >&2 || fail "client transcript differs (above)"
pass
