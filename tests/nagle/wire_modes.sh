#!/usr/bin/env bash
# demo: writev-wire — on the wire: writev and TCP_CORK send each 10 + 10-byte request as one 20-byte segment, TCP_NODELAY and Nagle as two 10-byte segments
# The server's read sizes cannot tell the modes apart (a reader may get two
# 10-byte segments in one read, or one segment in two); the wire can. One
# connection per mode, 5 requests each, tcpdump on lo: the data segments
# from the client have exactly the sizes the mode promises.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

n=5
# Linux's autocorking (net.ipv4.tcp_autocorking) joins a small write to the
# previous one while that still waits in the device queue: on a loaded
# machine even NODELAY's two writes can leave as one 20-byte segment. Off in
# this test's namespace, so that the wire shows what each mode itself does.
# And a tail loss probe (net.ipv4.tcp_early_retrans) resends an unACKed
# last segment after about 200 ms: when a loaded machine makes the delayed
# ACK that late, the wire shows one segment twice. Off too.
[ -z "${_HARNESS_IN_NETNS:-}" ] || sysctl -qw net.ipv4.tcp_autocorking=0 net.ipv4.tcp_early_retrans=0
start server nagleserver -p 0 -n 4
ready server
wire "$PORT" || skip "the wire view is the whole point here" # (a test already skipped inside wire)
modes=(writev cork nodelay nagle)
for i in "${!modes[@]}"; do
    start "${modes[$i]}" nagleclient -p "$PORT" -m "${modes[$i]}" -n $n 127.0.0.1
    expect_exit "${modes[$i]}" 0 10
    # Its close is on the wire before the next mode connects.
    wait_count wire '^client:[0-9]+ -> server:[0-9]+ +\[FIN' $((i + 1))
done
expect_exit server 0

# The client ports in the order of their SYNs: one per mode, in order.
mapfile -t ports < <(sed -nE 's/^client:([0-9]+) -> server:[0-9]+ +\[SYN\] .*/\1/p' "$T/wire.out")
[ "${#ports[@]}" = 4 ] || fail "expected 4 connections on the wire, saw ${#ports[@]}"
sizes() { # MODE-INDEX: the sizes of the client's data segments, one line, sorted and counted
    grep -E "^client:${ports[$1]} -> server:" "$T/wire.out" | awk '$NF != 0 { print $NF }' |
        sort -n | uniq -c | awk '{ printf "%s x %s B  ", $1, $2 }'
}
for i in "${!modes[@]}"; do
    note test "${modes[$i]}: data segments from the client: $(sizes "$i")"
done
[ "$(sizes 0)" = "$n x 20 B  " ] || fail "writev: expected $n segments of 20 bytes, saw $(sizes 0)"
[ "$(sizes 1)" = "$n x 20 B  " ] || fail "cork: expected $n segments of 20 bytes, saw $(sizes 1)"
[ "$(sizes 2)" = "$((2 * n)) x 10 B  " ] || fail "nodelay: expected $((2 * n)) segments of 10 bytes, saw $(sizes 2)"
[ "$(sizes 3)" = "$((2 * n)) x 10 B  " ] || fail "nagle: expected $((2 * n)) segments of 10 bytes, saw $(sizes 3)"
expect_count server '^client closed, 100 bytes read$' 4
pass
