#!/usr/bin/env bash
# demo: tcp-ipv6-mss — MTU 1500 over IPv6: the SYNs offer mss 1440 (1500 - 40 IPv6 - 20 TCP), data segments carry 1428 (12 bytes of timestamps), 1440 without them
# udp.mtu_mss's TCP half on ::1: the IPv6 header is 40 bytes, not 20, so
# the MSS is 20 smaller than IPv4's 1460. Measured from the capture, not
# assumed: the largest data segment is 1428 with timestamps (the default,
# net.ipv4.tcp_timestamps, which IPv6 follows too) and 1440 without.
NETNS=always # it changes lo's MTU: never the host's lo, demo mode too
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
need tcpdump ip
real_root || skip "capturing needs real root (tcpdump cannot drop privileges in an unprivileged namespace)"
[ -n "${_HARNESS_IN_NETNS:-}" ] || skip "it changes lo's MTU: only in a private network namespace"
"$BIN/make_socket" -6 -p 0 >/dev/null 2>"$T/v6" || skip "no IPv6 here: $(cat "$T/v6")"

ip link set lo mtu 1500 gso_max_segs 1 || fail "cannot set lo's MTU"
note test "$(ip -o link show lo | grep -o 'mtu [0-9]*')"
start server tcpserver -6 -p 0
ready server
start cap "$(command -v tcpdump)" -i lo -n -s 128 -B 4096 --immediate-mode -U -w "$T/cap.pcap" "ip6 and tcp port $PORT"
wait_for cap 'listening on' || true
running cap || skip "tcpdump cannot capture here: $(tail -n 1 "$T/cap.out")"

# packets: the segments captured so far, one a line, from line FROM + 1 on.
packets() { tcpdump -r "$T/cap.pcap" -n 2>/dev/null | tail -n +$((FROM + 1)); }
# lengths: the data lengths of the segments to the server.
lengths() { packets | grep -E "> ::1\.$PORT: Flags \[P?\.\]" | grep -Eo 'length [1-9][0-9]*$' | cut -d' ' -f2; }
fin_seen() { packets | grep -Eq "\.$PORT: Flags \[F\.\]"; }

for ts in 1 0; do
    sysctl -qw net.ipv4.tcp_timestamps=$ts || fail "cannot set tcp_timestamps"
    FROM=$(tcpdump -r "$T/cap.pcap" -n 2>/dev/null | wc -l) # this run's segments only
    start client tcpclient -p "$PORT" -s 10000 ::1
    expect_exit client 0
    wait_count server ' 10000 bytes' $((2 - ts))
    wait_true "the server's FIN on the wire" fin_seen
    syns=$(packets | grep -E 'Flags \[S\.?\]')
    note test "tcp_timestamps=$ts: SYNs offer $(grep -Eo 'mss [0-9]+' <<<"$syns" | paste -sd' ')"
    [ "$(grep -c 'IP6 ::1\..* options \[mss 1440,' <<<"$syns")" = 2 ] ||
        fail "the SYN and the SYN-ACK do not both offer mss 1440 over IPv6: $syns"
    mss=1440 && [ "$ts" = 1 ] && mss=1428
    sizes=$(lengths | sort -n | uniq -c | awk '{ printf "%s%d x %d", (NR > 1 ? " + " : ""), $1, $2 }')
    note test "tcp_timestamps=$ts: data segments $sizes"
    [ "$(lengths | sort -n | tail -n 1)" = "$mss" ] || fail "largest segment is not $mss: $sizes"
    [ "$(lengths | awk '{ s += $1 } END { print s }')" = 10000 ] || fail "the segments do not add up to 10000: $sizes"
done
pass
