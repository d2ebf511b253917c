#!/usr/bin/env bash
# demo: time-wait-exhaustion — two local ports, short connections: TIME-WAIT takes both, connect() fails with EADDRNOTAVAIL; tcp_tw_reuse=1 reuses an entry once it is 1 s old
# The client closes first, so each short connection leaves a TIME-WAIT entry
# on the client's side holding its local port for 60 s. With the ephemeral
# range narrowed to two ports (net.ipv4.ip_local_port_range, per namespace)
# and tcp_tw_reuse=0, the third connect() to the same server fails with
# EADDRNOTAVAIL (99). With tcp_tw_reuse=1 the same connect() still fails
# while both entries are younger than tcp_tw_reuse_delay (1000 ms), and
# succeeds once one is older (TCP timestamps, on by default, make it safe).
# Linux >= 6.13 counts the age from the entry into TIME-WAIT in ms
# (tcp_tw_reuse_delay); older kernels compared whole seconds of the last
# timestamp seen, so "older than 1 s" could come after a few ms there.
NETNS=always # what it changes stays in a namespace of its own, demo mode too
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

[ -n "${_HARNESS_IN_NETNS:-}" ] || skip "needs a private network namespace (unshare -n) for its sysctls"
start server tcpserver -p 0
ready server

# Then (so the server's own port 0 is not taken from them) two ports for
# the clients, and no reuse of TIME-WAIT.
P1=40000 P2=40001
if [ "$PORT" = $P1 ] || [ "$PORT" = $P2 ]; then P1=50000 P2=50001; fi
sysctl -qw net.ipv4.ip_local_port_range="$P1 $P2" || skip "cannot narrow ip_local_port_range here"
sysctl -qw net.ipv4.tcp_tw_reuse=0 || skip "cannot set tcp_tw_reuse here"
[ "$(sysctl -n net.ipv4.tcp_timestamps)" != 0 ] || fail "tcp_timestamps is off: tw_reuse needs it"
note test "ip_local_port_range $P1 $P2, tcp_tw_reuse 0"
tw_count() { ss -Htan state time-wait "( dport = :$PORT )" | wc -l; }

# Two short connections: each takes one of the two ports and leaves it in
# TIME-WAIT on the client's side (the client closed first).
# The times bracket the older entry's age: it began after t_c1 and
# before t_tw1; the younger one before t_tw.
t_c1=$(now_ms)
start c1 tcpclient -p "$PORT" -s 0 127.0.0.1
expect_exit c1 0
wait_true "a TIME-WAIT entry on the client's port" eval '[ "$(tw_count)" = 1 ]'
t_tw1=$(now_ms)
start c2 tcpclient -p "$PORT" -s 0 127.0.0.1
expect_exit c2 0
wait_true "two TIME-WAIT entries on the client's ports" eval '[ "$(tw_count)" = 2 ]'
t_tw=$(now_ms)
expect_ss "client port $P1 in TIME-WAIT" state time-wait "( sport = :$P1 and dport = :$PORT )"
expect_ss "client port $P2 in TIME-WAIT" state time-wait "( sport = :$P2 and dport = :$PORT )"

# The third: no local port is free for this destination.
start c3 tcpclient -p "$PORT" -s 0 127.0.0.1
expect_exit c3 1
expect c3 '^connect failed: .* \(99\)$'
expect_no_ss "a connection from a third port" "( dport = :$PORT and not sport = :$P1 and not sport = :$P2 )"

# tcp_tw_reuse=1: an entry younger than 1 s (tcp_tw_reuse_delay) is not taken.
sysctl -qw net.ipv4.tcp_tw_reuse=1 || fail "cannot set tcp_tw_reuse=1"
note test "tcp_tw_reuse 1"
t_start=$(now_ms)
start c4 tcpclient -p "$PORT" -s 0 127.0.0.1
wait_exit c4
t_end=$(now_ms)
if [ "$STATUS" = 1 ]; then
    expect c4 '^connect failed: .* \(99\)$'
    # Right unless the older entry was surely past the delay already.
    [ $((t_start - t_tw1)) -lt 1000 ] || fail "no reuse although the older TIME-WAIT entry was over $((t_start - t_tw1)) ms old"
    note test "refused: the older entry was at most $((t_end - t_c1)) ms old (tcp_tw_reuse_delay 1000 ms)"
elif [ "$STATUS" = 0 ]; then
    # Only right if the machine was so slow that an entry was already 1 s old.
    [ $((t_end - t_c1)) -ge 1000 ] || fail "TIME-WAIT reused when the entries were at most $((t_end - t_c1)) ms old, expected only after 1000 ms"
    note test "(slow machine: the older entry was up to $((t_end - t_c1)) ms old, reuse allowed)"
else
    fail "c4 exited with $STATUS"
fi

# Once the older entry is 1 s old: tcp_tw_reuse=0 still refuses (for the
# whole 60 s), tcp_tw_reuse=1 takes the old entry's port over.
# (the delay IS the lesson: one nap for what is left, no sleep and now_ms
# forked every 20 ms)
while left=$((t_tw + 1100 - (${EPOCHREALTIME/./} - T0) / 1000)) && [ "$left" -gt 0 ]; do
    printf -v secs '%d.%03d' $((left / 1000)) $((left % 1000))
    nap "$secs"
done
sysctl -qw net.ipv4.tcp_tw_reuse=0 || fail "cannot set tcp_tw_reuse=0"
note test "tcp_tw_reuse 0, the entries are over 1 s old"
start c5 tcpclient -p "$PORT" -s 0 127.0.0.1
expect_exit c5 1
expect c5 '^connect failed: .* \(99\)$'
sysctl -qw net.ipv4.tcp_tw_reuse=1 || fail "cannot set tcp_tw_reuse=1"
note test "tcp_tw_reuse 1"
start c6 tcpclient -p "$PORT" -s 0 127.0.0.1
expect_exit c6 0
expect_not c6 '\(99\)$'
wait_true "two TIME-WAIT entries again (one of them new)" eval '[ "$(tw_count)" = 2 ]'
expect_no_ss "a port outside the range" "( dport = :$PORT and not sport = :$P1 and not sport = :$P2 )"
pass
