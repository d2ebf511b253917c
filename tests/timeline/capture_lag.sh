#!/usr/bin/env bash
# tcpdump lagging behind the trace (a loaded machine): the kernel's trace
# tells of a connection's states 0.6 s before tcpdump tells of its SYN.
# tests/wirecap keeps only the state lines of connections seen on its
# capture (the tracepoints are host-wide), so for a connection this
# namespace has it must wait for the segments before it judges: every state
# line is kept, in its place; another namespace's (no such connection here)
# is still dropped. A replay through a FIFO, paced as a lagging capture, of
# a connection that exists here (no root needed).
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
start server graceserver -p 0 -d 0
ready server
start client graceclient -p "$PORT" 127.0.0.1
wait_for server '^connection from 127\.0\.0\.1:[0-9]+$'
c=${MATCHED##*:} p=$PORT
mkfifo "$T/feed"
WIRECAP_REPLAY=$T/feed "$_here/wirecap" "$p" >"$T/out" &
cap=$!
t=${EPOCHREALTIME/./}
ts() { printf '%d.%06d%s' $(((t + $1) / 1000000)) $(((t + $1) % 1000000)) "${2:-}"; }
st() { echo " x-1 [000] ..... $(ts "$1"): inet_sock_set_state: family=AF_INET protocol=IPPROTO_TCP sport=$2 dport=$3 saddr=127.0.0.1 daddr=127.0.0.1 saddrv6=:: daddrv6=:: oldstate=TCP_$4 newstate=TCP_$5"; }
{
    echo " bash-1 [000] ..... $(ts 0): tracing_mark_write: sockcap-mark $t"
    st 100 0 "$p" CLOSE SYN_SENT
    st 130 "$c" "$p" SYN_SENT ESTABLISHED
    st 140 1 "$p" SYN_SENT ESTABLISHED # another namespace's
    nap 0.6 # tcpdump, late
    echo "$(ts 110 000) IP 127.0.0.1.$c > 127.0.0.1.$p: Flags [S], seq 1, win 65476, length 0"
    echo "$(ts 120 000) IP 127.0.0.1.$p > 127.0.0.1.$c: Flags [S.], seq 2, ack 2, win 65464, length 0"
} >"$T/feed"
wait "$cap"
sed -E 's/^@[0-9]+ //' "$T/out" | grep -v '^#' >"$T/got"
cat >"$T/want" <<END
state client:$c  CLOSED -> SYN-SENT ~server:$p
wire client:$c -> server:$p  [SYN] len 0
wire server:$p -> client:$c  [SYN,ACK] len 0
state client:$c  SYN-SENT -> ESTABLISHED ~server:$p
END
diff "$T/want" "$T/got" >&2 || fail "a lagging capture lost or misplaced a state line (above)"
pass
