#!/usr/bin/env bash
# tcpdump lagging behind the trace (a loaded machine): the kernel's trace
# tells of a connection's states 0.6 s before tcpdump tells of its SYN.
# tests/wirecap keeps only the state lines of connections seen on its
# capture (the tracepoints are host-wide), so it must wait for the segments
# before it judges: every state line is kept, in its place (a replay through
# a FIFO, paced as a lagging capture; no root needed).
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
mkfifo "$T/feed"
WIRECAP_REPLAY=$T/feed "$_here/wirecap" 9527 >"$T/out" &
cap=$!
t=${EPOCHREALTIME/./}
ts() { printf '%d.%06d%s' $(((t + $1) / 1000000)) $(((t + $1) % 1000000)) "${2:-}"; }
st() { echo " x-1 [000] ..... $(ts "$1"): inet_sock_set_state: family=AF_INET protocol=IPPROTO_TCP sport=$2 dport=9527 saddr=127.0.0.1 daddr=127.0.0.1 saddrv6=:: daddrv6=:: oldstate=TCP_$3 newstate=TCP_$4"; }
{
    echo " bash-1 [000] ..... $(ts 0): tracing_mark_write: sockcap-mark $t"
    st 100 0 CLOSE SYN_SENT
    st 130 40000 SYN_SENT ESTABLISHED
    nap 0.6 # tcpdump, late
    echo "$(ts 110 000) IP 127.0.0.1.40000 > 127.0.0.1.9527: Flags [S], seq 1, win 65476, length 0"
    echo "$(ts 120 000) IP 127.0.0.1.9527 > 127.0.0.1.40000: Flags [S.], seq 2, ack 2, win 65464, length 0"
} >"$T/feed"
wait "$cap"
sed -E 's/^@[0-9]+ //' "$T/out" | grep -v '^#' >"$T/got"
cat >"$T/want" <<'END'
state client:40000  CLOSED -> SYN-SENT ~server:9527
wire client:40000 -> server:9527  [SYN] len 0
wire server:9527 -> client:40000  [SYN,ACK] len 0
state client:40000  SYN-SENT -> ESTABLISHED ~server:9527
END
diff "$T/want" "$T/got" >&2 || fail "a lagging capture lost or misplaced a state line (above)"
pass
