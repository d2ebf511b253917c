#!/usr/bin/env bash
# demo: tcp-slow-reader — send() returns when the data is in the kernel's buffer, not when it is read
# A large transfer to a slow reader: the client's send() completes and the
# client exits while the server is still reading. The proof is in the
# kernel: the client's socket outlives the client, in FIN-WAIT-1 with bytes
# still in its Send-Q, while the server's Recv-Q drains 1 KiB at a time.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

bytes=262144
start server tcpserver -p 0 -n 1 -d "$(timer 0.002 0.02)"
ready server
start client tcpclient -p "$PORT" -s $bytes 127.0.0.1
expect_exit client 0
expect client "^send into buffer $bytes\$"

# The client is gone; the server has not reached the end of the data yet.
running server || fail "server finished before the client exited"
expect_not server '^client closed'
reads=$(grep -c '^1K read for' "$T/server.out")
[ "$reads" -lt 256 ] || fail "server had already read all 256 records"
note test "client exited after the server had read $reads of 256 KiB"

# What the kernel holds for the exited client: its socket, in FIN-WAIT-1
# (the FIN is queued behind the data), with unsent bytes in Send-Q; and the
# server's Recv-Q, full of bytes nobody has read yet. ss -m adds skmem:
# r = receive memory in use, rb = the receive buffer's size.
line=$(ss -Htn state fin-wait-1 "( dport = :$PORT )")
note ss "client after exit: ${line:-(none)}"
read -r _ clientsendq _ <<<"$line"
[ -n "$line" ] && [ "${clientsendq:-0}" -gt 0 ] ||
    fail "no FIN-WAIT-1 socket with a Send-Q > 0 for the exited client: '$line'"
server=$(ss -Htnm "( sport = :$PORT )" | tr -s ' \t\n' ' ')
note ss "server: $server"
read -r _ recvq1 _ <<<"$server"
[ "${recvq1:-0}" -gt 0 ] || fail "the server's Recv-Q is empty: $server"
[[ $server =~ skmem:\(r([0-9]+),rb([0-9]+) ]] && [ "${BASH_REMATCH[1]}" -gt 0 ] ||
    fail "ss -m shows no receive memory in use on the server: $server"

# Reading goes on: what the two kernels hold (client's Send-Q + server's
# Recv-Q) shrinks as the server reads.
queued() { # the bytes held for this connection by both sides' kernels
    ss -Htn "( sport = :$PORT or dport = :$PORT )" | awk '{ q += $2 + $3 } END { print q + 0 }'
}
before=$((clientsendq + recvq1))
wait_count server '^1K read for' $((reads + 20))
after=$(queued)
note ss "queued in the kernels: $before bytes, then $after after 20 more reads"
[ "$after" -lt "$before" ] || fail "the queues did not drain: $before then $after bytes"
expect_exit server 0 30
expect server '^1K read for 256$'
expect server "^client closed, $bytes bytes read\$"
pass
