#!/usr/bin/env bash
# demo: tcp-header — a SYN and a data segment field by field (tcpdump -v -x): ports, seq, ack, data offset, flags, window, checksum, and the options a Linux SYN carries (mss, sackOK, TS, nop, wscale)
# lo gets Ethernet's MTU (1500) in this namespace, so the SYN offers the
# familiar mss 1460. The test reads the capture back with -v -x and checks
# the header twice: tcpdump's decoding (the SYN's options, in Linux's order:
# mss, sackOK, TS val/ecr 0, nop, wscale) and the raw bytes (data offset 10
# words = 40 bytes and flags 0x02 in the SYN; 8 words = 32 bytes, flags
# 0x18 = PSH|ACK in the data segment, whose only option is the timestamp).
NETNS=always # it changes lo's MTU: never the host's lo, demo mode too
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
need tcpdump ip
real_root || skip "capturing needs real root (tcpdump cannot drop privileges in an unprivileged namespace)"
[ -n "${_HARNESS_IN_NETNS:-}" ] || skip "it changes lo's MTU: only in a private network namespace"
ip link set lo mtu 1500 || fail "cannot set lo's MTU"

start server tcpserver -p 0 -n 1 -d 0
ready server
start cap "$(command -v tcpdump)" -i lo -n --immediate-mode -U -w "$T/cap.pcap" "tcp port $PORT"
wait_for cap 'listening on' || true
running cap || skip "tcpdump cannot capture here: $(tail -n 1 "$T/cap.out")"
start client tcpclient -p "$PORT" -s 10 127.0.0.1
expect_exit client 0
expect_exit server 0
expect server '^client closed, 10 bytes read$'
fins() { [ "$(tcpdump -r "$T/cap.pcap" -n 'tcp[tcpflags] & tcp-fin != 0' 2>/dev/null | wc -l)" -ge 2 ]; }
wait_true "both FINs in the capture" fins
stop cap INT && wait_exit cap
tcpdump -r "$T/cap.pcap" -n -v -x 2>/dev/null >"$T/decoded"

# packet RE: the first packet (its two tcpdump lines and hex dump) whose
# second line matches RE.
packet() { awk -v re="$1" '/^[0-9]/ { if (hit) exit; head = $0; body = ""; next }
    !hit && $0 ~ re { hit = 1; print head } hit { print } END { exit !hit }' "$T/decoded"; }
# tcp_byte PACKET N: byte N (0-based) of the TCP header, in hex (IPv4 header of 20 bytes).
tcp_byte() { grep -E '^\s+0x' <<<"$1" | sed -E 's/^\s+0x[0-9a-f]+:\s+//' | tr -d ' \n' | cut -c$(((20 + $2) * 2 + 1))-$(((20 + $2) * 2 + 2)); }

syn=$(packet "> 127\\.0\\.0\\.1\\.$PORT: Flags \\[S\\]") || fail "no SYN in the capture"
data=$(packet "> 127\\.0\\.0\\.1\\.$PORT: Flags \\[P\\.\\].* length 10\$") || fail "no 10-byte data segment in the capture"
note test "SYN: $(sed -n 2p <<<"$syn" | sed -E 's/^\s+//')"
note test "data: $(sed -n 2p <<<"$data" | sed -E 's/^\s+//')"
grep -Eq 'options \[mss 1460,sackOK,TS val [0-9]+ ecr 0,nop,wscale [0-9]+\], length 0$' <<<"$syn" ||
    fail "the SYN's options are not mss 1460, sackOK, TS, nop, wscale"
grep -Eq 'options \[nop,nop,TS val [0-9]+ ecr [0-9]+\], length 10$' <<<"$data" ||
    fail "the data segment does not carry just the timestamps option"
off_syn=$(tcp_byte "$syn" 12) flags_syn=$(tcp_byte "$syn" 13)
off_data=$(tcp_byte "$data" 12) flags_data=$(tcp_byte "$data" 13)
note test "raw bytes 12-13 of the TCP header: SYN $off_syn $flags_syn (40-byte header, SYN), data $off_data $flags_data (32-byte header, PSH|ACK)"
[ "$off_syn$flags_syn" = a002 ] || fail "SYN: data offset/flags bytes $off_syn $flags_syn, expected a0 02"
[ "$off_data$flags_data" = 8018 ] || fail "data: data offset/flags bytes $off_data $flags_data, expected 80 18"
# The source port in the header's first two bytes is the client's port.
cport=$(sed -n 2p <<<"$syn" | sed -E 's/^\s+127\.0\.0\.1\.([0-9]+) >.*/\1/')
[ "$((16#$(tcp_byte "$syn" 0)$(tcp_byte "$syn" 1)))" = "$cport" ] || fail "the SYN's first two bytes are not the source port $cport"
pass
