#!/usr/bin/env bash
# demo: unix-data-echo — datagrams over a local socket: the client binds a path of its own for the reply
# g1, g2, g3 -> the server prints Receive: g1 / now sending: Hi, g1; the
# client gets Hi, g1... Its own socket lives in a private mkdtemp directory,
# removed with it when the client exits.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

sock=$T/unixdata.sock
export TMPDIR=$T/tmp # where the client makes its private directory
mkdir "$TMPDIR" || fail "mkdir $TMPDIR"
start server unixdataserver "$sock"
ready server
expect server "^bound to $sock\$"

start client unixdataclient "$sock"
wait_for client '^bound to '
mine=$(sed -n 's/^bound to //p' "$T/client.out")
note ls "$(ls -ld "$(dirname "$mine")") / $(ls -l "$mine")"
for m in g1 g2 g3; do
    send client "$m"
    wait_for client "^Hi, $m\$"
    wait_for server "^Receive: $m\$"
    wait_for server "^now sending: Hi, $m\$"
done
ss -Hxa | grep -F "$T/" | while read -r line; do note ss "$line"; done
eof client
expect_exit client 0
diff <(printf '%s\n' "bound to $mine" 'now sending g1' 'Hi, g1' 'now sending g2' 'Hi, g2' \
    'now sending g3' 'Hi, g3') "$T/client.out" >&2 || fail "client transcript differs (above)"
[ ! -e "$(dirname "$mine")" ] || fail "the client left $(dirname "$mine") behind"

stop server INT
expect_exit server 0
[ ! -e "$sock" ] || fail "the server left $sock behind"
pass
