#!/usr/bin/env bash
# A client that sends and never reads its echo: the echo fills its receive
# buffer, then the server's send buffer, then the server's own buffer for
# that client; past 256 KiB (ECHO_LIMIT) the server drops it with a line,
# and never blocks on it: another client is answered meanwhile, and after
# the drop the kernel shows only that one connection on the server's side.
# For the select, poll and edge-triggered epoll loops (each writes its
# pending echo when the socket becomes writable).
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

# held N: the server's side holds N established connections.
held() { [ "$(ss -Htn state established "( sport = :$PORT )" | wc -l)" = "$1" ]; }
BASH_BIN=$(command -v bash)
for srv in selectserver pollserver "epollserver -e"; do
    note test "--- $srv"
    start server $srv -p 0
    ready server
    start c graceclient -p "$PORT" -w 0 127.0.0.1
    send c before
    wait_for c '^before$'
    # The flood: 64 MiB of zeros written to the server, nothing ever read.
    start flood "$BASH_BIN" -c 'exec 3<>"/dev/tcp/127.0.0.1/$1" && head -c 67108864 /dev/zero >&3' flood "$PORT"
    wait_for server '^client 127\.0\.0\.1:[0-9]+ dropped: [0-9]+ bytes of echo unread$' 10
    [[ $MATCHED =~ dropped:\ ([0-9]+)\ bytes ]] && [ "${BASH_REMATCH[1]}" -gt 262144 ] ||
        fail "$srv: $MATCHED"
    expect server '^client 127\.0\.0\.1:[0-9]+ closed \(1 clients\)$'
    wait_exit flood # its writes now fail: the connection is reset
    [ "$STATUS" != 0 ] || fail "the flood ended normally"
    wait_true "$srv: only the first client left on the server's side" held 1
    send c during
    wait_for c '^during$'
    send c close
    expect_exit c 0
    stop server
    expect_exit server 0
done
pass
