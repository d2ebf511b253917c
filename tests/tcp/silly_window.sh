#!/usr/bin/env bash
# demo: tcp-silly-window — a reader that takes 100 bytes at a time: its window does not reopen by 100 bytes, it stays 0 until a whole segment (1448 bytes) is free
# Silly window syndrome: a receiver that announced every few freed bytes
# would make the sender send tiny segments. Linux's receiver side avoids
# it (RFC 1122): lo with Ethernet's MTU (MSS 1448 with timestamps), a 4 KiB
# receive buffer (window 2896), tcpserver waits 0.2 s so the window closes,
# then reads 100 bytes every 3 ms (-r -c 100 -d 0.003). On the wire the
# server's ACKs advertise win 0, then 1448 or 2896: never 100, 200...; and
# about 100 reads bring only a handful of window updates. One exception,
# also a rule: a window is never shrunk, so the last ACK may advertise less
# than a segment to keep the right edge (ack + win) where it was.
NETNS=always # it changes lo's MTU: never the host's lo, demo mode too
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
need tcpdump ip
real_root || skip "capturing needs real root (tcpdump cannot drop privileges in an unprivileged namespace)"
[ -n "${_HARNESS_IN_NETNS:-}" ] || skip "it changes lo's MTU: only in a private network namespace"
ip link set lo mtu 1500 gso_max_segs 1 || fail "cannot set lo's MTU"
bytes=10000
start bad tcpserver -p 0 -r -c 0
expect_exit bad 2
expect bad "^invalid read size"

start server tcpserver -p 0 -n 1 -R 4096 -f "$(timer 0.2 2)" -r -c 100 -d 0.003
ready server
start cap "$(command -v tcpdump)" -i lo -n --immediate-mode -U -w "$T/cap.pcap" "tcp port $PORT"
wait_for cap 'listening on' || true
running cap || skip "tcpdump cannot capture here: $(tail -n 1 "$T/cap.out")"
start client tcpclient -p "$PORT" -s $bytes -W 4096 127.0.0.1
expect_exit client 0 10
expect_exit server 0 10
expect server "^client closed, $bytes bytes read\$"
fin_acked() { tcpdump -r "$T/cap.pcap" -n "src port $PORT" 2>/dev/null | grep -q "ack $((bytes + 2)),"; }
wait_true "the server's ACK of the client's FIN in the capture" fin_acked
stop cap INT && wait_exit cap
# The server's ACKs after the handshake: "ACK WIN".
tcpdump -r "$T/cap.pcap" -n "src port $PORT" 2>/dev/null | grep -v 'Flags \[S' |
    sed -nE 's/.* ack ([0-9]+), win ([0-9]+),.*/\1 \2/p' >"$T/wins"
reads=$(grep -c '^read returned' "$T/server.out")
note test "$reads reads; the server's windows in order: $(awk '{ print $2 }' "$T/wins" | paste -sd' ')"
awk -v mss=1448 '
    $2 > 0 && $2 < mss && $1 + $2 != edge { print "win " $2 " at ack " $1 ": a window opened by less than a segment"; bad = 1 }
    $2 == 0 { zero++ } $2 > 0 && $2 != last { updates++ }
    { edge = $1 + $2; last = $2 }
    END { if (zero < 2) { print "the window closed only " zero + 0 " time(s)"; bad = 1 }
          print updates + 0 > "/dev/stderr"; exit bad }' "$T/wins" 2>"$T/updates" >"$T/why" || fail "$(cat "$T/why")"
updates=$(cat "$T/updates")
note test "$updates window openings for $reads reads of at most 100 bytes"
[ "$reads" -ge 90 ] || fail "only $reads reads: the reader did not take 100 bytes at a time"
[ "$updates" -le $((reads / 5)) ] || fail "$updates window openings for $reads reads: the window reopens almost with every read"
pass
