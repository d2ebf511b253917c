#!/usr/bin/env bash
# No server: nothing at the path, so connect() fails with ENOENT, exit 1,
# and a hint line says what to do.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

start client unixstreamclient "$T/unixstream.sock"
expect_exit client 1
diff <(echo 'connect failed: No such file or directory (2)'
    echo "hint: no socket file at $T/unixstream.sock: start the server first") "$T/client.out" >&2 ||
    fail "client output differs (above)"
[ ! -e "$T/unixstream.sock" ] || fail "the client created $T/unixstream.sock"
pass
