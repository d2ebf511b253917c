#!/usr/bin/env bash
# demo: fork-close — close() only drops a reference: with a second process holding the socket (graceclient -F), `close` sends no FIN, the server sees no EOF until the last holder exits
# The notes (关闭连接 → close) say close() counts references and shutdown()
# does not. graceclient -F forks a child that keeps the socket until the
# parent exits: after `close` the connection stays ESTABLISHED and the
# server waits; the FIN leaves only when the child, the last holder, ends.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
can_capture() { command -v tcpdump >/dev/null && [ "$(awk 'NR == 1 { print $2 }' /proc/self/uid_map)" = 0 ]; }

start server graceserver -p 0 -d 0
ready server
if can_capture; then wire "$PORT"; fi
start client graceclient -p "$PORT" -F -w "$(timer 0.5 6)" 127.0.0.1
wait_for client '^child [0-9]+ holds the socket too \(-F\)$'
send client data1
wait_for client '^Hi, data1$'
cport=$(sed -nE 's/^connection from 127\.0\.0\.1:([0-9]+)$/\1/p' "$T/server.out")
send client close
wait_for client '^waiting [0-9.]+ s before exit \(-w\)$'

# The parent has closed its descriptor; the child still holds the socket.
expect_ss "the client's side still ESTABLISHED" state established "( sport = :$cport and dport = :$PORT )"
expect_ss "the server's side still ESTABLISHED" state established "( sport = :$PORT and dport = :$cport )"
expect_not server '^client closed$'
expect_no_wire "^client:$cport -> server:$PORT  \[FIN"
running server || fail "the server ended before the last holder closed"

# The parent exits after -w; the child sees it and ends: the last close.
expect_exit client 0
expect_exit server 0
expect server '^client closed$'
expect_wire "^client:$cport -> server:$PORT  \[FIN"
pass
