#!/usr/bin/env bash
# A client that sends and never reads its echo: the echo fills its receive
# buffer, then the server's send buffer, then the server's own buffer for
# that client; at 256 KiB (ECHO_LIMIT) the server stops reading it
# (backpressure: its bytes pile up unread in the server's receive queue,
# `ss` shows them), so it costs at most 256 KiB plus one read (4 KiB); once
# its echo has made no progress for -t seconds (0.4 here; default 10) the
# server drops it with a line. It never blocks on it: another client is
# answered meanwhile, and after the drop the kernel shows only that one
# connection on the server's side. For the select, poll and epoll loops
# (each writes its pending echo when the socket becomes writable).
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

# held N: the server's side holds N established connections.
held() { [ "$(ss -Htn state established "( sport = :$PORT )" | wc -l)" = "$1" ]; }
BASH_BIN=$(command -v bash)
# unread_at_server N: a connection on the server's side has N or more
# bytes in its receive queue (the server stopped reading it).
unread_at_server() { ss -Htn state established "( sport = :$PORT )" | awk -v n="$1" '$1 >= n { f = 1 } END { exit !f }'; }
# paused K: server K stopped reading its flood: the bytes are seen unread,
# or (a loaded machine can miss the -t 0.4 s window) it already printed the
# drop, which it does only for a client it stopped reading.
paused() { unread_at_server 4096 || grep -q ' dropped: ' "$T/server$1.out"; }
# Small socket buffers in this namespace: the flood fills the kernel's
# side in a few KB (the host's autotuning would move megabytes first), so
# the server's own 256 KiB is most of what it takes; 4 KiB unread is a
# full receive queue then.
sysctl -qw net.ipv4.tcp_rmem="4096 16384 16384" net.ipv4.tcp_wmem="4096 16384 16384" ||
    skip "cannot set tcp_rmem/tcp_wmem here"
# The four servers side by side (each waits -t 0.4 s before its drop).
servers=(selectserver pollserver epollserver "epollserver -e") ports=()
for k in "${!servers[@]}"; do
    start "server$k" ${servers[k]} -p 0 -t 0.4
    ready "server$k"
    ports[k]=$PORT
    start "c$k" graceclient -p "$PORT" -w 0 127.0.0.1
    send "c$k" before
    wait_for "c$k" '^before$'
    # The flood: 64 MiB of zeros written to the server, nothing ever read.
    start "flood$k" "$BASH_BIN" -c 'exec 3<>"/dev/tcp/127.0.0.1/$1" && head -c 67108864 /dev/zero >&3' flood "$PORT"
    srv=${servers[k]}
    wait_true "$srv stopped reading the flood" paused "$k"
    send "c$k" during
    wait_for "c$k" '^during$'
done
for k in "${!servers[@]}"; do
    srv=${servers[k]} PORT=${ports[k]}
    note test "--- $srv"
    wait_for "server$k" '^client 127\.0\.0\.1:[0-9]+ dropped: [0-9]+ bytes of echo unread$' 10
    [[ $MATCHED =~ dropped:\ ([0-9]+)\ bytes ]] && [ "${BASH_REMATCH[1]}" -ge 262144 ] &&
        [ "${BASH_REMATCH[1]}" -le $((262144 + 4096)) ] || fail "$srv: not 256 KiB + at most one read: $MATCHED"
    expect "server$k" '^client 127\.0\.0\.1:[0-9]+ closed \(1 clients\)$'
    wait_exit "flood$k" # its writes now fail: the connection is reset
    [ "$STATUS" != 0 ] || fail "the flood ended normally"
    wait_true "$srv: only the first client left on the server's side" held 1
    send "c$k" after
    wait_for "c$k" '^after$'
    send "c$k" close
    expect_exit "c$k" 0
    stop "server$k"
    expect_exit "server$k" 0
done
pass
