#!/usr/bin/env bash
# SO_REUSEADDR is about connections in TIME-WAIT, not about sharing: a
# second addressused2 on the same address and port still fails.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

start first addressused2 -p 0
ready first
start second addressused2 -p "$PORT"
expect_exit second 1
expect second '^bind failed: .* \(98\)$'
expect second "^hint: 0\.0\.0\.0:$PORT is taken: by a running server \(ss -ltunp '\( sport = :$PORT \)'\)"
running first || fail "the first server ended"
pass
