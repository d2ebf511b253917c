#!/usr/bin/env bash
# A client that never stops sending (no newline, no framing, as fast as the
# kernel takes it): every stream server keeps its memory bounded (growth
# < 2 MiB while the peer pushes 3: matrix's LIMIT_KB, FLOOD_BYTES) and is
# still running when it stops: never a crash, never an exit.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
need perl
. "$(dirname "$0")/matrix"

# Servers against a client that never stops sending.
for prog in tcpserver graceserver "pingserver 0" keepaliveserver nagleserver addressused \
    addressused2 unixstreamserver; do
    if [ "$prog" = unixstreamserver ]; then
        start_quiet server $prog "$T/s.sock" && ready server && flood_client unix "$T/s.sock"
    else
        start_quiet server $prog -p 0 && ready server && flood_client inet "$PORT"
    fi
    bounded server
    running server || fail "$prog ended against an endless client (status $(cat "$T/server.rc"))"
    eof flood && wait_exit flood && stop server KILL && wait_exit server
done
pass
