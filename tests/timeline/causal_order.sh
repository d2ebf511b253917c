#!/usr/bin/env bash
# One causal order, every run: the headline exchange (graceclient and
# graceserver: handshake, data both ways, then shutdown, close or abort)
# replayed 20 times under one capture, and in the time-sorted timeline every
# state line checked against the segment that goes with it:
#   a state change that emits a segment comes before it
#     [CLOSED → SYN-SENT] before the SYN, [ESTABLISHED → FIN-WAIT-1] and
#     [CLOSE-WAIT → LAST-ACK] before that side's FIN, `sends RST` before the RST
#   one caused by a received segment comes after it
#     [SYN-SENT → ESTABLISHED] after the SYN,ACK; the server's
#     [LISTEN → SYN-RECV] and [SYN-RECV → ESTABLISHED] after the final ACK;
#     [ESTABLISHED → CLOSE-WAIT], [FIN-WAIT-2 → TIME-WAIT] after the peer's
#     FIN; [FIN-WAIT-1 → FIN-WAIT-2], [LAST-ACK → CLOSED] after the peer's
#     answer to one's FIN; `receives RST` after the RST
#   and the programs' lines after the segments they report (received N
#   bytes, Hi, ...). On loopback these events are microseconds apart.
# Needs root, tcpdump and tracefs.
# timeout: 40
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
need tcpdump
real_root || skip "capturing needs root"
N=20

start server graceserver -p 0 -n "$N" -d 0
ready server
wire "$PORT"
has_states || skip "no state lines: $(grep '^# no state' "$T/wire.out")"
for ((i = 1; i <= N; i++)); do
    case $((i % 5)) in
    0) how=abort ;; 3) how=close ;; *) how=shutdown ;;
    esac
    start client graceclient -p "$PORT" -w 0 127.0.0.1
    send client "data$i"
    wait_for client "^Hi, data$i\$"
    send client "$how"
    expect_exit client 0
done
wait_exit server # 1 when a `close` client made its write fail
_stop_capture

# causal TIMELINE: "checked K pairs" or the broken ones; status 1 if any
causal() {
    awk -F '\t' '
    function conn_of(s) { # the connection: its client port
        return match(s, /client:[0-9]+/) ? substr(s, RSTART + 7, RLENGTH - 7) : ""
    }
    function bad(msg) { print "broken: " msg " at " $1 ": " $3; nbad++ }
    function ok() { pairs++ }
    $2 == "wire" && $3 ~ /\[/ {
        c = conn_of($3); from = ($3 ~ /^client/) ? "c" : "s"; to = (from == "c") ? "s" : "c"
        f = $3; sub(/^.*\[/, "", f); sub(/\].*$/, "", f)
        n[c, from]++
        if (f ~ /SYN/ && f !~ /ACK/) syn[c]++
        if (f ~ /SYN/ && f ~ /ACK/) synack[c]++
        else if (from == "c" && synack[c]) ack3[c]++
        if (fin[c, to]) afterfin[c, to]++ # the peer answers X'"'"'s FIN
        if (f ~ /FIN/) fin[c, from]++
        if (f ~ /RST/) { rst[c, from]++; if (rstev[c, from] && rst[c, from] > rstev[c, from]) bad("an RST before its sends RST") }
        if (len = $3) { sub(/^.* len /, "", len); if (len + 0 > 0) data[from]++ }
        next
    }
    $2 == "state" {
        s = $3; c = conn_of(s); x = substr(s, 1, 1); y = (x == "c") ? "s" : "c"
        if (c == "") next # the listener
        t = s; sub(/ ~.*$/, "", t); sub(/^[a-z]+:[0-9]+  /, "", t)
        if (t == "CLOSED -> SYN-SENT") { if (syn[c]) bad("SYN-SENT after its SYN"); else ok() }
        else if (t == "SYN-SENT -> ESTABLISHED") { if (!synack[c]) bad("ESTABLISHED before the SYN,ACK"); else ok() }
        else if (t ~ /^(LISTEN -> SYN-RECV|SYN-RECV -> ESTABLISHED)$/) { if (!ack3[c]) bad("the child before the final ACK"); else ok() }
        else if (t ~ /^(ESTABLISHED -> FIN-WAIT-1|CLOSE-WAIT -> LAST-ACK)$/) { if (fin[c, x]) bad("a FIN before the state that sends it"); else ok() }
        else if (t ~ /^(ESTABLISHED -> CLOSE-WAIT|FIN-WAIT-2 -> TIME-WAIT|FIN-WAIT-1 -> CLOSING)$/) { if (!fin[c, y]) bad("before the peer'"'"'s FIN"); else ok() }
        else if (t ~ /^(FIN-WAIT-1 -> FIN-WAIT-2|LAST-ACK -> CLOSED)$/) { if (!fin[c, x] || !afterfin[c, x]) bad("before the answer to its FIN"); else ok() }
        else if (t ~ /^sends RST/) { rstev[c, x]++; if (rst[c, x] >= rstev[c, x]) bad("sends RST after its RST"); else ok() }
        else if (t == "receives RST") { if (!rst[c, y]) bad("receives RST before the RST"); else ok() }
        next
    }
    $2 == "server" && $3 ~ /^received [0-9]+ bytes/ { got++; if (got > data["c"]) bad("received before any data segment"); else ok() }
    $2 == "client" && $3 ~ /^Hi, / { hi++; if (hi > data["s"]) bad("a reply before any data segment"); else ok() }
    END { print "checked " pairs " pairs"; exit nbad > 0 }' "$1"
}
timeline_sorted >"$T/sorted"
causal "$T/sorted" >"$T/causal" || fail "the order is not causal: $(grep broken "$T/causal" | head -n 5)"
pairs=$(sed -n 's/^checked \([0-9]*\) pairs$/\1/p' "$T/causal")
# 20 connections: at least handshake (4), FIN or RST pairs, data lines each
[ "$pairs" -ge $((N * 8)) ] || fail "only $pairs pairs checked for $N connections"
grep -Eq $'\tstate\tclient:[0-9]+  sends RST' "$T/sorted" || fail "no abort's RST in the run"
grep -Eq $'\tstate\tclient:[0-9]+  FIN-WAIT-2 -> TIME-WAIT' "$T/sorted" || fail "no TIME-WAIT in the run"
note test "$N connections, $pairs causal pairs in order"
pass
