#!/usr/bin/env bash
# demo: handshake-seq — the three-way handshake's sequence numbers, absolute (tcpdump -S): SYN seq x; SYN,ACK seq y ack x+1; ACK ack y+1; the SYN and each FIN use one number; a second connection picks other ISNs
# Why three segments: each side chooses its own initial sequence number
# (ISN) and must learn the other's and have its own confirmed. The client's
# SYN says x, the server's SYN,ACK confirms x (ack x+1) and says y, the
# client's ACK confirms y (ack y+1): three segments, because the middle one
# does two jobs. The test reads tcpdump -S (absolute numbers, no relative
# ones) for two connections that each send 5 bytes and close first:
# data at x+1..x+5, the client's FIN at x+6 (acknowledged with x+7: a FIN,
# like the SYN, uses one number), the server's FIN at y+1 (ack y+2). The
# second connection's x and y differ from the first's.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

real_root || skip "capturing needs real root (tcpdump cannot drop privileges in an unprivileged namespace)"
need tcpdump

start server tcpserver -p 0 -n 2
ready server
start seq "$(command -v tcpdump)" -i lo -n -l -S "tcp port $PORT"
wait_for seq '^listening on '

for i in 1 2; do
    start "c$i" tcpclient -p "$PORT" -s 5 127.0.0.1
    expect_exit "c$i" 0
    wait_count server '^connection from 127\.0\.0\.1:[0-9]+$' "$i"
done
expect_exit server 0
# Per connection: the handshake's ACK and the last ACK, both from the client.
wait_count seq " > 127\.0\.0\.1\.$PORT: Flags \[\.\], ack [0-9]+," 4

# seg SRC DST FLAGS FIELD: the FIELD (seq, ack) of the segment with FLAGS
# from port SRC to port DST, as tcpdump -S printed it (seq a:b gives a).
seg() {
    local re="IP 127\.0\.0\.1\.$1 > 127\.0\.0\.1\.$2: Flags \[$3\],.* $4 ([0-9]+)[:,]"
    local line
    while IFS= read -r line; do
        [[ $line =~ $re ]] && { echo "${BASH_REMATCH[1]}"; return 0; }
    done <"$T/seq.out"
    fail "no [$3] segment from :$1 to :$2 with a $4 number in tcpdump's output"
}
plus() { echo $((($1 + $2) % 4294967296)); } # sequence numbers wrap at 2^32
same() { [ "$2" = "$3" ] || fail "$1: $2, expected $3"; }

isns=()
for cport in $(sed -nE 's/^connection from 127\.0\.0\.1:([0-9]+)$/\1/p' "$T/server.out"); do
    x=$(seg "$cport" "$PORT" S seq)     # the client's ISN
    y=$(seg "$PORT" "$cport" 'S\.' seq) # the server's ISN
    same "SYN,ACK's ack (x+1)" "$(seg "$PORT" "$cport" 'S\.' ack)" "$(plus "$x" 1)"
    same "handshake ACK (y+1)" "$(seg "$cport" "$PORT" '\.' ack)" "$(plus "$y" 1)"
    same "the data's first byte (x+1: the SYN used x)" "$(seg "$cport" "$PORT" 'P\.' seq)" "$(plus "$x" 1)"
    same "the client's FIN (x+6, after 5 bytes)" "$(seg "$cport" "$PORT" 'F\.' seq)" "$(plus "$x" 6)"
    same "the server's ACK of that FIN (x+7)" "$(seg "$PORT" "$cport" 'F\.' ack)" "$(plus "$x" 7)"
    same "the server's FIN (y+1)" "$(seg "$PORT" "$cport" 'F\.' seq)" "$(plus "$y" 1)"
    last=$(grep -E "IP 127\.0\.0\.1\.$cport > 127\.0\.0\.1\.$PORT: Flags \[\.\], ack" "$T/seq.out" | tail -n 1)
    [[ $last =~ ack\ ([0-9]+), ]] || fail "no last ACK from :$cport"
    same "the client's last ACK (y+2)" "${BASH_REMATCH[1]}" "$(plus "$y" 2)"
    note test "client :$cport ISN x=$x, server ISN y=$y: SYN x, SYN-ACK y/x+1, ACK y+1, FIN x+6 acked x+7, FIN y+1 acked y+2"
    isns+=("$x" "$y")
done
[ ${#isns[@]} = 4 ] || fail "expected two connections in the capture, found $((${#isns[@]} / 2))"
[ "${isns[0]}" != "${isns[2]}" ] || fail "both connections started with client ISN ${isns[0]}"
[ "${isns[1]}" != "${isns[3]}" ] || fail "both connections started with server ISN ${isns[1]}"
pass
