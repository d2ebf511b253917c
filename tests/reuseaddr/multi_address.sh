#!/usr/bin/env bash
# The notes' "one port, several addresses" case, as Linux does it. Servers
# bound to distinct addresses (127.0.0.1:P and 127.0.0.2:P) coexist, and each
# client reaches the one for the address it dialled. A wildcard server
# (0.0.0.0:P) beside a specific one is refused on Linux, even with
# SO_REUSEADDR on both (BSD allows it; Linux needs SO_REUSEPORT for that).
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

start any addressused2 -p 0
ready any
start two addressused2 -a 127.0.0.2 -p "$PORT"
expect_exit two 1
expect two '^bind failed: .* \(98\)$'
stop any INT
expect_exit any 130

start one addressused -a 127.0.0.1 -p "$PORT"
ready one
start two addressused -a 127.0.0.2 -p "$PORT"
ready two
expect two "^listening on 127\.0\.0\.2:$PORT\$"
exec {c2}<>"/dev/tcp/127.0.0.2/$PORT" || fail "cannot connect to 127.0.0.2"
printf 'to two\r\n' >&"$c2"
exec {c1}<>"/dev/tcp/127.0.0.1/$PORT" || fail "cannot connect to 127.0.0.1"
printf 'to one\r\n' >&"$c1"
exec {c1}>&- {c2}>&-
expect_exit one 0
expect_exit two 0
expect one '^received 8 bytes: to one$'
expect two '^received 8 bytes: to two$'
expect_not one 'to two'
pass
