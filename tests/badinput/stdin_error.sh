#!/usr/bin/env bash
# Every client that reads stdin, with stdin a directory: read() fails with
# EISDIR (21), and each says so in the same words, `reading stdin failed:
# ... (21)`, exit 1 (before: "read stdin failed", "read from stdin failed"
# and "reading stdin failed", for one event).
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

# client NAME PROGRAM ARGS...: run it with stdin a directory, expect the line.
client() {
    IN=/ start "$1" "$2" "${@:3}"
    expect_exit "$1" 1
    expect "$1" '^reading stdin failed: .* \(21\)$'
}
start gs graceserver -p 0 -d 0 && ready gs
client grace graceclient -p "$PORT" 127.0.0.1
start ps pingserver -p 0 0 && ready ps
client ping pingclient -p "$PORT" 127.0.0.1
start ns nagleserver -p 0 && ready ns
client batch batchwrite -p "$PORT" 127.0.0.1
for prog in udpclient udpconnectclient udpconnectclient2; do
    client "$prog" "$prog" -p 9 127.0.0.1 # no server needed: stdin is read first
done
start us unixstreamserver "$T/s.sock" && ready us
client ustream unixstreamclient "$T/s.sock"
TMPDIR=$T client udata unixdataclient "$T/d.sock"
pass
