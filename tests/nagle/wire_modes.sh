#!/usr/bin/env bash
# demo: writev-wire — on the wire: writev and TCP_CORK send each 10 + 10-byte request as one 20-byte segment, TCP_NODELAY and Nagle as two 10-byte segments
# The server's read sizes cannot tell the modes apart (a reader may get two
# 10-byte segments in one read, or one segment in two); the wire can. One
# connection per mode, 5 requests each, tcpdump on lo: the data segments
# from the client have exactly the sizes the mode promises. And what only
# the wire shows: with Nagle the second 10 bytes of a request leave only once
# the server has ACKed the first 10 (that ACK is the delayed one, ~40 ms
# late); with TCP_NODELAY they leave at once, the first still unACKed.
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
need tcpdump
real_root || skip "capturing needs real root (tcpdump cannot drop privileges in an unprivileged namespace)"
# The capture goes to a file (-w, -U: each packet at once) and is read when
# all four connections are over: nothing of it can be late or lost in a
# pipe on a loaded machine.
start cap "$(command -v tcpdump)" -i lo -n -s 128 --immediate-mode -U -w "$T/cap.pcap" "tcp port $PORT"
wait_for cap 'listening on' || true
running cap || skip "tcpdump cannot capture here: $(tail -n 1 "$T/cap.out")"
modes=(writev cork nodelay nagle)
for i in "${!modes[@]}"; do
    start "${modes[$i]}" nagleclient -p "$PORT" -m "${modes[$i]}" -n $n 127.0.0.1
    expect_exit "${modes[$i]}" 0 10
done
expect_exit server 0
# All four FINs from the clients captured, then the capture stops.
fins() { [ "$(tcpdump -r "$T/cap.pcap" -n "tcp[tcpflags] & tcp-fin != 0 and dst port $PORT" 2>/dev/null | wc -l)" -ge 4 ]; }
wait_true "the four clients' FINs in the capture" fins
stop cap INT && wait_exit cap
tcpdump -r "$T/cap.pcap" -n 2>/dev/null |
    sed -nE 's/^[0-9:.]+ IP 127\.0\.0\.1\.([0-9]+) > 127\.0\.0\.1\.([0-9]+): Flags \[([^]]*)\].* length ([0-9]+).*$/\1 \2 \3 \4/p' >"$T/segs"
# The same packets with times (s), relative seq and ack numbers, SYNs
# (absolute numbers) left out: "TIME SRC DST SEQ ACK LEN".
tcpdump -r "$T/cap.pcap" -n --time-stamp-precision=micro -tt 2>/dev/null | awk '
    $7 ~ /S/ { next }
    { t = $1; split($3, a, "."); split($5, b, "."); seq = "-"; ack = "-"; len = 0
      for (i = 6; i <= NF; i++) { if ($i == "seq") seq = $(i + 1); if ($i == "ack") ack = $(i + 1); if ($i == "length") len = $(i + 1) }
      sub(/,$/, "", seq); sub(/,$/, "", ack); sub(/:.*/, "", seq)
      print t, a[5], substr(b[5], 1, length(b[5]) - 1), seq, ack, len + 0 }' >"$T/timed"

# The client ports in the order of their SYNs: one per mode, in order.
mapfile -t ports < <(awk -v p="$PORT" '$2 == p && $3 == "S" { print $1 }' "$T/segs")
[ "${#ports[@]}" = 4 ] || fail "expected 4 connections on the wire, saw ${#ports[@]}"
sizes() { # MODE-INDEX: the sizes of the client's data segments, one line, sorted and counted
    awk -v c="${ports[$1]}" -v p="$PORT" '$1 == c && $2 == p && $4 != 0 { print $4 }' "$T/segs" |
        sort -n | uniq -c | awk '{ printf "%s x %s B  ", $1, $2 }'
}
for i in "${!modes[@]}"; do
    note test "${modes[$i]}: data segments from the client: $(sizes "$i")"
done
[ "$(sizes 0)" = "$n x 20 B  " ] || fail "writev: expected $n segments of 20 bytes, saw $(sizes 0)"
[ "$(sizes 1)" = "$n x 20 B  " ] || fail "cork: expected $n segments of 20 bytes, saw $(sizes 1)"
[ "$(sizes 2)" = "$((2 * n)) x 10 B  " ] || fail "nodelay: expected $((2 * n)) segments of 10 bytes, saw $(sizes 2)"
[ "$(sizes 3)" = "$((2 * n)) x 10 B  " ] || fail "nagle: expected $((2 * n)) segments of 10 bytes, saw $(sizes 3)"
# unacked MODE-INDEX: "U G": how many of the client's data segments left
# while earlier data was still unACKed (U), and how many second halves left
# 30 ms or more after their first half (G).
unacked() {
    awk -v c="${ports[$1]}" -v p="$PORT" 'BEGIN { acked = 1 } # after the handshake
        $2 == p && $3 == c && $5 != "-" { acked = $5 }
        $2 == c && $3 == p && $6 > 0 { if ($4 + 0 > acked + 0) u++
            n++; if (n % 2 == 0 && $1 - t >= 0.030) g++; t = $1 }
        END { print u + 0, g + 0 }' "$T/timed"
}
read -r u_nodelay g_nodelay <<<"$(unacked 2)"
read -r u_nagle g_nagle <<<"$(unacked 3)"
note test "nodelay: $u_nodelay of $((2 * n)) segments sent with data unACKed, $g_nodelay second halves 30 ms or more after the first"
note test "nagle: $u_nagle of $((2 * n)) segments sent with data unACKed, $g_nagle second halves 30 ms or more after the first"
# Nagle never lets a small segment leave while another is unACKed: one such
# segment is proof enough that Nagle is off. (Usually all n second halves
# are; but the server ACKs at once early in a connection (quick ACK), and on
# lo that ACK can be back before the client's second write(), more often
# on a loaded machine.)
[ "$u_nodelay" -ge 1 ] || fail "nodelay: no second half left before the first was ACKed: Nagle is on"
[ "$u_nagle" = 0 ] || fail "nagle: a second half left before the first was ACKed ($u_nagle times): Nagle is off"
[ "$g_nagle" -ge 1 ] || fail "nagle: no second half waited 30 ms for the delayed ACK"
expect_count server '^client closed, 100 bytes read$' 4
pass
