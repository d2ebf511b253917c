#!/usr/bin/env bash
# A server killed with SIGKILL cannot clean up: its socket file stays, with
# nobody behind it (a client gets ECONNREFUSED, not ENOENT). The next server
# on that path removes the stale file and starts normally.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

for prog in unixstreamserver unixdataserver; do
    sock=$T/$prog.sock
    start server $prog -n 1 "$sock"
    ready server
    stop server KILL
    expect_exit server 137
    [ -S "$sock" ] || fail "$prog: expected a stale socket file after SIGKILL"
    start server $prog -n 1 "$sock"
    ready server
    expect server "^removed old socket file $sock\$"
    expect server "^(listening on|bound to) $sock\$"
    stop server INT
    expect_exit server 0
done

# A client at a stale stream socket: refused (the file is there, no listener).
start server unixstreamserver "$T/s.sock"
ready server
stop server KILL
expect_exit server 137
start client unixstreamclient "$T/s.sock"
expect_exit client 1
expect client '^connect failed: Connection refused \(111\)$'
rm -f "$T/s.sock"
pass
