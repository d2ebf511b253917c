#!/usr/bin/env bash
# demo: shut-rd — shutdown(SHUT_RD) on Linux: read() returns 0 at once, nothing goes on the wire, and a reply that arrives later is acknowledged and queued, not discarded: the next read() returns it
# The notes (shutdown 函数) say that after SHUT_RD the receive buffer is
# discarded and later data is acknowledged and silently dropped. Linux 6.x
# does neither: the data is acknowledged, stays in the receive queue
# (ss: Recv-Q), and read() returns it; only an empty queue reads as 0 at
# once (end of file, without any FIN from the server). No segment leaves
# at SHUT_RD, no RST comes later, and the writing side still works.
# graceclient's `shutrd` shuts the reading side and reads until 0; typed
# again later, it reads what came meanwhile.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

start server graceserver -p 0 -d "$(timer 0.2 3)"
ready server
wire "$PORT"
start client graceclient -p "$PORT" 127.0.0.1
send client data1
wait_for client '^Hi, data1$'
cport=$(sed -nE 's/^connection from 127\.0\.0\.1:([0-9]+)$/\1/p' "$T/server.out")
c="client:$cport" s="server:$PORT"

# data2 is on its way; its reply comes 0.2 s later. Shut our reading side now.
send client data2 shutrd
wait_for client '^shutdown\(SHUT_RD\)$'
wait_for client '^read returned 0: our reading side is shut down$'
expect_not client '^Hi, data2$' # the reply is not there yet: 0 at once, no waiting
expect_ss "the client's connection still ESTABLISHED" state established "( sport = :$cport )"

# The reply arrives: acknowledged, queued, no RST.
wait_for server '^received 5 bytes: data2$'
wait_count server '^send bytes: 9$' 2
wait_count wire "^$s -> $c  \[PSH,ACK\] len 9$" 2
wait_true "the reply queued in the client's receive buffer (ss Recv-Q 9)" \
    eval '[ "$(ss -Htn state established "( sport = :$cport )" | awk "{ print \$1 }")" = 9 ]'
expect_ss "the queued reply" state established "( sport = :$cport )"
wait_true "an ACK of the reply" eval '[ "$(awk -F "\t" -v re="^$c -> $s  \\\\[ACK\\\\] len 0$" "\$2 == \"wire\" && \$3 ~ re" "$T/timeline" | wc -l)" -ge 3 ]'
expect_no_wire "RST"
expect_no_wire "^$c -> $s  \[FIN"
expect_count client '^Hi, data2$' 0

# shutrd again: read() returns the queued reply, then 0.
send client shutrd
wait_count client '^read returned 0: our reading side is shut down$' 2
expect client '^Hi, data2$'
expect_ss "an empty receive queue" state established "( sport = :$cport )"
# The writing side still works.
send client data3
expect server '^received 5 bytes: data3$'
# End: once the reply is queued, `shutdown` (FIN); with stdin done the
# client reads the queue (Hi, data3), then 0, and exits. (Sooner, the reply
# would find the socket closed: RST.)
wait_count server '^send bytes: 9$' 3
send client shutdown
expect_exit server 0
expect server '^client closed$'
expect_exit client 0
expect client '^Hi, data3$'
expect_no_wire "RST"
pass
