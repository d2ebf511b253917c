#!/usr/bin/env bash
# A server that never stops sending (no newline, no framing, as fast as the
# kernel takes it): every stream client keeps its memory bounded (growth
# < 2 MiB while the peer pushes 3: matrix's LIMIT_KB, FLOOD_BYTES;
# unixstreamclient once grew 1.45 GB in 3 s), and ends by itself when the
# peer and stdin are gone: never a crash, never a hang.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
need perl
. "$(dirname "$0")/matrix"

# Clients against a server that never stops sending.
for prog in graceclient pingclient keepaliveclient batchwrite nagleclient unixstreamclient; do
    if [ $prog = unixstreamclient ]; then
        flood_server unix "$T/flood.sock" && start_quiet client $prog "$T/flood.sock"
    else
        flood_server inet && start_quiet client $prog -p "$PORT" 127.0.0.1
    fi
    flood_begins client
    send client g1 # a client that reads only after sending reads now
    bounded client
    eof flood && eof client && ended client && wait_exit flood
    rm -f "$T/flood.sock"
done

pass
