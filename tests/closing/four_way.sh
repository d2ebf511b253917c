#!/usr/bin/env bash
# demo: four-way — why four segments to close: the passive closer's kernel ACKs the FIN at once, its own FIN leaves only when its program closes (0.3 s later in the test, 3 s in the demo)
# The client connects and closes at once (tcpclient -s 0); the server
# (tcpserver -f 0.3) accepts and waits 0.3 s before it reads: its
# read() then returns 0 and it closes. Between the client's FIN and the
# server's FIN the connection is half closed: client FIN-WAIT-2, server
# CLOSE-WAIT. ACK and FIN cannot share one segment because the server's
# program decides when its FIN goes: four segments, the middle two
# separated by the program's delay. Then the active closer keeps TIME-WAIT,
# the passive closer goes LAST-ACK -> CLOSED. (The client's program has
# closed: its FIN-WAIT-2 socket is already the kernel's mini-socket, which
# turns into TIME-WAIT without a state event; ss shows the entry.)
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

DELAY=$(timer 0.3 3)
start server tcpserver -p 0 -n 1 -f "$DELAY"
ready server
wire "$PORT"
has_states || skip "no state lines: $(grep -E '^# no state lines' "$T/wire.out")"

start client tcpclient -p "$PORT" -s 0 127.0.0.1
expect_exit client 0
# A look during the half-closed time (a note: on a busy machine it may come
# late; the state lines below are the kernel's own record).
note ss "half closed: $(ss -Htan state connected "( sport = :$PORT or dport = :$PORT )" | awk '{ printf "%s%s ", sep, $0; sep = "| " }')"
expect_exit server 0
wait_ss "the client's TIME-WAIT entry" state time-wait "( dport = :$PORT )"
expect_no_ss "TIME-WAIT on the server's side" state time-wait "( sport = :$PORT )"

c='client:[0-9]+' s="server:$PORT"
expect_wire "^$c -> $s  \[FIN,ACK\] len 0$"
expect_wire "^$s -> $c  \[ACK\] len 0$"
expect_wire "^$s -> $c  \[FIN,ACK\] len 0$"
wait_count wire "^$c -> $s  \[ACK\] len 0$" 2 # the handshake's ACK, the last ACK
expect_no_wire "RST"
expect_state "^$c  ESTABLISHED -> FIN-WAIT-1$"
expect_state "^$c  FIN-WAIT-1 -> FIN-WAIT-2$"
expect_state "^$s  ESTABLISHED -> CLOSE-WAIT$"
expect_state "^$s  CLOSE-WAIT -> LAST-ACK$"
expect_state "^$s  LAST-ACK -> CLOSED$"

# wire_us REGEX / state_us REGEX: the time (us) of the first segment /
# state change matching REGEX.
wire_us() { awk -F '\t' -v re="$1" '$2 == "wire" && $3 ~ re { print $1; exit }' "$T/timeline"; }
state_us() { awk -F '\t' -v re="$1" '$2 == "state" { t = $3; sub(/ ~.*$/, "", t) } $2 == "state" && t ~ re { print $1; exit }' "$T/timeline"; } # (without wirecap's ~PEER)
cw=$(state_us "^$s  ESTABLISHED -> CLOSE-WAIT$") la=$(state_us "^$s  CLOSE-WAIT -> LAST-ACK$")
half_ms=$(((la - cw) / 1000))
note test "the server in CLOSE-WAIT for $half_ms ms (half closed: its program had not closed yet)"
fin1=$(wire_us "^$c -> $s  \\[FIN,ACK\\]") ack=$(wire_us "^$s -> $c  \\[ACK\\]") fin2=$(wire_us "^$s -> $c  \\[FIN,ACK\\]")
[ -n "$fin1" ] && [ -n "$ack" ] && [ -n "$fin2" ] || fail "missing segment times in the timeline"
ack_ms=$(((ack - fin1) / 1000)) fin_ms=$(((fin2 - ack) / 1000))
note test "the server's ACK $ack_ms ms after the client's FIN, its FIN $fin_ms ms after that ACK"
[ "$ack_ms" -lt 200 ] || fail "the server's ACK came $ack_ms ms after the FIN, expected at once (< 200 ms)"
want=$(awk -v d="$DELAY" 'BEGIN { printf "%d", d * 1000 * 0.9 }')
[ "$half_ms" -ge "$want" ] || fail "the server was in CLOSE-WAIT for $half_ms ms, expected about ${DELAY} s"
[ "$fin_ms" -ge "$want" ] || fail "the server's FIN came $fin_ms ms after its ACK, expected about ${DELAY} s (its program's delay)"
pass
