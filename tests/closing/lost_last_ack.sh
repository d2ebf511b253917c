#!/usr/bin/env bash
# demo: lost-last-ack — TIME-WAIT's first job: the last ACK is lost (nft drops it once), the server in LAST-ACK resends its FIN, the client's TIME-WAIT answers with a new ACK and restarts its 60 s timer; the server closes cleanly, no RST
# As closing.four_way, plus one nftables rule in this scenario's namespace
# that drops the client's last ACK once (a quota of one segment). The
# server stays in LAST-ACK and retransmits its FIN after its
# retransmission timeout; the client, in TIME-WAIT, still knows the
# connection and acknowledges the FIN again; the server goes LAST-ACK ->
# CLOSED and nobody sends RST (closing.no_time_wait_rst: the same loss
# without TIME-WAIT).
# The notes say the 2MSL timer restarts when the FIN comes again. Linux
# does restart it, at its fixed 60 s: /proc/net/tcp gives the TIME-WAIT
# entry's remaining time in 10 ms steps (ss -o only in whole seconds above
# 10 s). The test checks: remaining + time since the second ACK = 60 s
# (restarted), not remaining + time since the first ACK = 60 s.
NETNS=always # its nftables rule stays in a namespace of its own, demo mode too
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

[ -n "${_HARNESS_IN_NETNS:-}" ] || skip "needs a private network namespace (unshare -n) for its nftables rule"
need nft

export WIRECAP_SEQ=1 # relative SEQ/ACK in the timeline and the ladder (wire.out: without)
start server tcpserver -p 0 -n 1 -f "$(timer 0.3 3)"
ready server
wire "$PORT"
has_states || skip "no state lines: $(grep -E '^# no state lines' "$T/wire.out")"

# The client sends two bare ACKs: the handshake's, then the last one.
# nftables drops the second one only: `quota over 60 bytes` matches once
# one ACK (52 bytes) has gone by, `quota until 60 bytes` for one ACK more.
nft -f - <<EOF || skip "nft cannot add a rule here: nf_tables missing in the kernel?"
table inet lost_ack {
    chain input {
        type filter hook input priority 0;
        tcp dport $PORT tcp flags == ack quota over 60 bytes quota until 60 bytes counter drop
    }
}
EOF
note test "nft: drop the second bare ACK to server:$PORT (the first one completes the handshake, the second is the last ACK)"
start client tcpclient -p "$PORT" -s 0 127.0.0.1
expect_exit client 0
wait_for server '^connection from 127\.0\.0\.1:[0-9]+$'
cport=$(sed -nE 's/^connection from 127\.0\.0\.1:([0-9]+)$/\1/p' "$T/server.out")
[ -n "$cport" ] || fail "the server printed no client port"

c="client:$cport" s="server:$PORT"
expect_exit server 0
wait_count wire "^$s -> $c  \[FIN,ACK\] len 0$" 2 # the FIN, then the same FIN again
wait_count wire "^$c -> $s  \[ACK\] len 0$" 3     # handshake, the lost ACK, the new one
# the FIN sent again is the same FIN: the same sequence number (a second FIN
# would take the next one), the same acknowledgement
fins=$(awk -F '\t' -v re="^$s -> $c  \\[FIN,ACK\\] len 0 ~ seq " '$2 == "wire" && $3 ~ re { sub(/.* ~ /, "", $3); print $3 }' "$T/timeline")
[ "$(wc -l <<<"$fins")" = 2 ] && [ "$(sort -u <<<"$fins" | wc -l)" = 1 ] ||
    fail "the server's two FINs are not one FIN sent twice: $(echo $fins)"
note test "the FIN sent again: $(head -n 1 <<<"$fins") both times"
expect_state "^$c  FIN-WAIT-1 -> FIN-WAIT-2$"
expect_state "^$s  LAST-ACK -> CLOSED$"
expect_state "^$s  CLOSE-WAIT -> LAST-ACK$"
expect_no_wire "RST"
expect_no_state "RST"
dropped=$(nft list table inet lost_ack | sed -nE 's/.*counter packets ([0-9]+) .*/\1/p')
[ "$dropped" = 1 ] || fail "nft dropped '$dropped' segments, expected exactly 1"
lost "^$c -> $s  \\[ACK\\] len 0" 2 # the one the rule dropped: the ladder draws it lost
nft delete table inet lost_ack || fail "cannot remove the nft rule"

# The TIME-WAIT timer, to 10 ms: /proc/net/tcp's timer field for the
# entry (st 06), in clock ticks of 1/100 s; read between two clock
# readings, again if a busy machine made them more than 30 ms apart.
hex=$(printf '%04X' "$cport")
for _ in 1 2 3 4 5 6 7 8 9 10; do
    t_before=${EPOCHREALTIME/./}
    line=$(awk -v p=":$hex" '$2 ~ p"$" && $4 == "06" { print $6 }' /proc/net/tcp)
    t_after=${EPOCHREALTIME/./}
    [ $((t_after - t_before)) -gt 30000 ] || break
done
[[ $line =~ ^03:([0-9A-F]+)$ ]] || fail "no TIME-WAIT timer for client:$cport in /proc/net/tcp ($line)"
left_ms=$((16#${BASH_REMATCH[1]} * 10))
note ss "TIME-WAIT: $(ss -Htano state time-wait "( sport = :$cport )")"

wire_us() { awk -F '\t' -v re="$1" -v n="$2" '$2 == "wire" && $3 ~ re && ++k == n { print $1; exit }' "$T/timeline"; }
ack1=$(wire_us "^$c -> $s  \\[ACK\\]" 2) ack2=$(wire_us "^$c -> $s  \\[ACK\\]" 3)
[ -n "$ack1" ] && [ -n "$ack2" ] || fail "the two last ACKs are not in the timeline"
gap=$(((ack2 - ack1) / 1000))
since2=$(((t_before - ack2) / 1000))
note test "TIME-WAIT timer $left_ms ms; the lost ACK $((since2 + gap)) ms ago, the new ACK $since2 ms ago (FIN resent $gap ms after the first)"
# Restarted at the new ACK, left + (read time - new ACK) = 60000 ms, the
# read time being within [t_before, t_after] (and 10 ms ticks, rounded
# down): not restarted, the sum would be 60000 - gap, about 200 ms less.
[ "$gap" -ge 100 ] || fail "the FIN came again only $gap ms later: too close to tell a restart"
lo=$((left_ms + since2)) hi=$((left_ms + (t_after - ack2) / 1000))
[ "$hi" -ge 59970 ] && [ "$lo" -le 60020 ] ||
    fail "timer $left_ms ms + $since2..$(((t_after - ack2) / 1000)) ms since the new ACK = $lo..$hi ms, expected 60000 (a restart at the resent FIN)"
pass
