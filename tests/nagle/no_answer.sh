#!/usr/bin/env bash
# demo: batchwrite-no-answer — a server that never answers (like the course notes' own, or nc -l): every line still goes out, each in its own segment, and batchwrite ends after a bounded wait
# keepaliveserver reads and never writes. batchwrite holds each next line
# back at most 0.2 s for an answer (long enough for the previous segment's
# ACK, so each line stays its own segment), says once that it goes on
# without, and after the last line waits at most -w (0.3 s here, its
# default 1 s in the demo): all three lines arrive, nothing hangs, exit 0.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

start server keepaliveserver -p 0 -n 1
ready server
wire "$PORT" || true # a demo without capture goes on without the wire checks
END=$(timer 0.3 1)
t0=$(now_ms)
start client batchwrite -p "$PORT" -w "$END" 127.0.0.1
send client one two three
eof client
expect_exit client 0 5
elapsed=$(($(now_ms) - t0))
note test "batchwrite ended $elapsed ms after it started (0.2 + 0.2 + $END s of bounded waits)"
expect_count client '^no answer within 0\.2 s: sending the next line anyway$' 1
expect client "^3 of 3 lines got no answer \\(waited ${END//./\\.} s after the last\\): closing\$"
expect_not client '^server answered'
expect_exit server 0
expect server '^client closed, 32 bytes read$' # hello,one\n hello,two\n hello,three\n
[ "$elapsed" -le 4000 ] || fail "batchwrite took $elapsed ms: a wait was not bounded"
[ -n "$WIRE" ] || pass
# Each line its own segment: 10, 10 and 12 bytes.
wait_for wire '^client:[0-9]+ -> server:[0-9]+ +\[FIN'
segs=$(grep -E '^client:[0-9]+ -> server:' "$T/wire.out" | awk '$NF != 0 { printf "%s ", $NF }')
note test "data segments from the client: $segs"
[ "$segs" = "10 10 12 " ] || fail "expected segments of 10, 10 and 12 bytes, saw: $segs"
pass
