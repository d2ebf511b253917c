#!/usr/bin/env bash
# demo: unix-stream-echo — echo over a local stream socket: a path instead of address and port
# g1, g2, g3 -> Hi, g1...; the server prints Receive: g1...; Ctrl-D on the
# client -> "client quit", and the server exits and removes its socket file.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

sock=$T/unixstream.sock
start server unixstreamserver "$sock"
ready server
expect server "^listening on $sock\$"
[ -S "$sock" ] || fail "no socket file at $sock"
note ls "$(ls -l "$sock")"

start client unixstreamclient "$sock"
for m in g1 g2 g3; do
    send client "$m"
    wait_for client "^Hi, $m\$"
done
# ss -x: the listener and the accepted connection, both named by the path.
ss -Hxa | grep -F "$sock" | while read -r line; do note ss "$line"; done
[ "$(ss -Hxl | grep -cF "$sock")" = 1 ] || fail "ss -xl does not show the listener on $sock"

eof client
expect_exit client 0
expect_exit server 0
diff <(printf '%s\n' "listening on $sock" 'Receive: g1' 'Receive: g2' 'Receive: g3' 'client quit') \
    "$T/server.out" >&2 || fail "server transcript differs (above)"
# (A first reply slower than 1 s, as under valgrind, adds `no answer yet: ...`.)
diff <(printf '%s\n' 'Hi, g1' 'Hi, g2' 'Hi, g3') <(grep -v '^no answer yet: ' "$T/client.out") >&2 ||
    fail "client transcript differs (above)"
[ ! -e "$sock" ] || fail "the server left $sock behind"
pass
