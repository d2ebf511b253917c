#!/usr/bin/env bash
# demo: tcp-tw-buckets — net.ipv4.tcp_max_tw_buckets=3: the first three closed connections wait in TIME-WAIT, later ones skip it (closed at once); the three are not reset
# The notes (TIME_WAIT → 优化TIME_WAIT) say that past tcp_max_tw_buckets
# "the system resets all TIME_WAIT connections". Linux does something
# else: when the table is full, a connection that would enter TIME-WAIT is
# simply destroyed instead (the kernel logs "TCP: time wait bucket table
# overflow"), and the entries already there stay until their 60 s are up.
# Six clients, one after another, each closing first (so each would end in
# TIME-WAIT), with the limit at 3 in this namespace: ss shows 1, 2, 3, 3,
# 3, 3 TIME-WAIT entries, always the first three ports.
NETNS=always # it changes a sysctl: never the host's, demo mode too
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
[ -n "${_HARNESS_IN_NETNS:-}" ] || skip "it changes a sysctl: only in a private network namespace"
sysctl -qw net.ipv4.tcp_max_tw_buckets=3 || skip "cannot set net.ipv4.tcp_max_tw_buckets here"

start server tcpserver -p 0 -n 6 -d 0
ready server
tw_ports() { ss -Htan state time-wait "( dport = :$PORT )" | awk '{ n = split($3, a, ":"); print a[n] }' | sort -n | paste -sd' '; }
first=
for i in 1 2 3 4 5 6; do
    start c$i tcpclient -p "$PORT" -s 100 127.0.0.1
    expect_exit c$i 0
    wait_count server '^client closed, 100 bytes read$' $i
    want=$((i < 3 ? i : 3))
    tw_count() { [ "$(ss -Htan state time-wait "( dport = :$PORT )" | wc -l)" -ge "$want" ]; }
    wait_true "$want TIME-WAIT entries" tw_count
    # No FIN-WAIT-2 left behind: the connection has finished closing.
    closed() { [ -z "$(ss -Htan state fin-wait-2 "( dport = :$PORT )")" ]; }
    wait_true "client $i's connection closed" closed
    now=$(tw_ports)
    note ss "after client $i: TIME-WAIT ports: $now"
    [ "$(wc -w <<<"$now")" = "$want" ] || fail "after client $i: $(wc -w <<<"$now") TIME-WAIT entries, expected $want"
    [ "$i" != 3 ] || first=$now
    [ "$i" -le 3 ] || [ "$now" = "$first" ] || fail "after client $i the TIME-WAIT entries changed: $first -> $now"
done
expect_exit server 0
pass
