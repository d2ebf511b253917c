#!/usr/bin/env bash
# demo: udp-mtu-mss — MTU 1500: TCP segments carry 1448 bytes (MSS 1460 less 12 of timestamps); a 1472-byte UDP datagram goes whole, 1473 is fragmented
# The notes' numbers, on the wire. In this namespace lo gets the Ethernet
# MTU, 1500 (and GSO off, so that tcpdump sees each segment as it would go
# on a real link, not a 64 KiB batch the NIC would cut later).
# TCP: both SYNs offer `mss 1460` (1500 - 20 IP - 20 TCP), yet the data
# segments carry 1448 bytes: every segment has the 12-byte timestamps
# option (TS val/ecr, 10 bytes + 2 NOPs), and the MSS counts no options.
# With net.ipv4.tcp_timestamps=0 the same transfer goes in 1460s.
# UDP: 1472 = 1500 - 20 IP - 8 UDP fills one packet exactly (DF set: no
# fragment needed); 1473 leaves 1 byte for a second IP fragment (offset
# 1480, 21 bytes); 65507 is still the largest datagram (45 fragments),
# 65508 is refused by sendto with EMSGSIZE (90). udpserver's replies are 4
# bytes longer ("Hi, "), so even the reply to 1472 is fragmented.
NETNS=always # it changes lo's MTU: never the host's lo, demo mode too
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
need tcpdump ip
real_root || skip "capturing needs real root (tcpdump cannot drop privileges in an unprivileged namespace)"
[ -n "${_HARNESS_IN_NETNS:-}" ] || skip "it changes lo's MTU: only in a private network namespace"

ip link set lo mtu 1500 gso_max_segs 1 || fail "cannot set lo's MTU"
link=$(ip -o link show lo) && [[ $link =~ mtu\ [0-9]+ ]] && note test "${BASH_REMATCH[0]}"

start tserver tcpserver -p 0
ready tserver
TPORT=$PORT
start userver udpserver -p 0
ready userver
UPORT=$PORT
# The capture goes to a file (-w, -U: each packet at once): the 45
# fragments of a 65507-byte datagram come faster than a terminal reads.
start cap "$(command -v tcpdump)" -i lo -n -s 128 -B 4096 --immediate-mode -U -w "$T/cap.pcap" \
    "tcp port $TPORT or udp port $UPORT or (udp and ip[6:2] & 0x1fff != 0)"
wait_for cap 'listening on' || true
running cap || skip "tcpdump cannot capture here: $(tail -n 1 "$T/cap.out")"

# snap: what was captured so far into $T/pk, one packet a line (tcpdump
# -v's header and detail lines joined with " | "), from packet FROM + 1 on.
# One tcpdump and one awk; the checks below read $T/pk.
FROM=0
snap() {
    tcpdump -r "$T/cap.pcap" -n -v 2>/dev/null | awk -v from="$FROM" '
        function out(p) { if (++n > from) print p }
        /^[0-9]/ { if (h != "") out(h); h = $0; next }
        { out(h " | " $0); h = "" }
        END { if (h != "") out(h) }' >"$T/pk"
}
# seen REGEX: wait until a captured packet matches (then $T/pk has it).
seen() { _re=$1 && wait_true "a packet matching /$1/" seen_now; }
seen_now() { snap && grep -Eq -- "$_re" "$T/pk"; }
# tcp_lengths: the data lengths of the segments to the TCP server in $T/pk,
# as three lines: "N x LEN + ..." (by length), the largest, the sum.
tcp_lengths() {
    awk -v to="> 127.0.0.1.$TPORT: Flags [" '
        { i = index($0, to) }
        i && (substr($0, i + length(to), 3) == "P.]" || substr($0, i + length(to), 2) == ".]") &&
        match($0, /length [1-9][0-9]*$/) {
            len = substr($0, RSTART + 7) + 0
            if (!(len in count)) lens[++k] = len
            count[len]++; sum += len; if (len > max) max = len
        }
        END {
            for (i = 2; i <= k; i++) for (j = i; j > 1 && lens[j - 1] > lens[j]; j--) { t = lens[j]; lens[j] = lens[j - 1]; lens[j - 1] = t }
            for (i = 1; i <= k; i++) printf "%s%d x %d", (i > 1 ? " + " : ""), count[lens[i]], lens[i]
            printf "\n%d\n%d\n", max, sum
        }' "$T/pk"
}
# frags SIZE: the IP fragments of the datagram of SIZE bytes to udpserver.
frags() {
    awk -v to=".$UPORT: UDP, length $1" '
        { line[NR] = $0 }
        !id && substr($0, length($0) - length(to) + 1) == to && match($0, / id [0-9]+,/) { id = substr($0, RSTART, RLENGTH) }
        END {
            if (!id) exit 1
            for (i = 1; i <= NR; i++)
                if (index(line[i], id " offset") && match(line[i], /offset [0-9]+, flags \[[^]]*\], proto UDP \(17\), length [0-9]+/))
                    print substr(line[i], RSTART, RLENGTH)
        }' "$T/pk" || fail "no $1-byte datagram on the wire"
}

# --- TCP: 10000 bytes with timestamps (the default), then without ---------
for ts in 1 0; do
    sysctl -qw net.ipv4.tcp_timestamps=$ts || fail "cannot set tcp_timestamps"
    snap && mapfile -t old <"$T/pk" && FROM=$((FROM + ${#old[@]})) # this run's packets only
    start client tcpclient -p "$TPORT" -s 10000 127.0.0.1
    expect_exit client 0
    wait_count tserver ' 10000 bytes' $((2 - ts)) # the server has the whole transfer
    seen "\.$TPORT: Flags \[F\.\]"
    syns=() offers=() n1460=0
    while IFS= read -r p; do
        [[ $p =~ Flags\ \[S\.?\] ]] || continue
        syns+=("$p")
        [[ $p =~ mss\ [0-9]+ ]] && offers+=("${BASH_REMATCH[0]}")
        [[ $p != *"options [mss 1460,"* ]] || n1460=$((n1460 + 1))
    done <"$T/pk"
    note test "tcp_timestamps=$ts: SYNs offer ${offers[*]}"
    [ "$n1460" = 2 ] || fail "the SYN and the SYN-ACK do not both offer mss 1460: ${syns[*]}"
    mss=1460 && [ "$ts" = 1 ] && mss=1448
    mapfile -t l < <(tcp_lengths)
    lengths=${l[0]}
    note test "tcp_timestamps=$ts: data segments $lengths"
    [ "${l[1]}" = "$mss" ] || fail "largest segment is not $mss: $lengths"
    [ "${l[2]}" = 10000 ] || fail "the segments do not add up to 10000: $lengths"
done

# --- UDP: 1472 whole, 1473 in two fragments, 65507 the largest -----------
FROM=0
for size in 1472 1473 65507; do
    start u$size udpclient -p "$UPORT" -s $size 127.0.0.1
    expect_exit u$size 0
    expect u$size "^reply of $((size + 4 > 65507 ? 65507 : size + 4)) bytes\$"
done
seen 'offset 65120, flags \[none\]' # the last fragment of 65507
f=$(frags 1472)
note test "1472: $f"
[ "$f" = 'offset 0, flags [DF], proto UDP (17), length 1500' ] || fail "1472 is not one whole packet: $f"
f=$(frags 1473)
note test "1473: ${f//$'\n'/; }"
[ "$f" = $'offset 0, flags [+], proto UDP (17), length 1500\noffset 1480, flags [none], proto UDP (17), length 21' ] ||
    fail "1473 is not 1500 + 21 bytes of fragments: $f"
mapfile -t f < <(frags 65507)
note test "65507: ${#f[@]} fragments, the last: ${f[*]: -1}"
[ "${#f[@]}" = 45 ] || fail "65507 went in ${#f[@]} fragments, expected 45"
start over udpclient -p "$UPORT" -s 65508 127.0.0.1
expect_exit over 1
expect over '^sendto failed: .* \(90\)$'
stop userver INT && expect_exit userver 0
expect userver '^received 3 datagrams$'
pass
