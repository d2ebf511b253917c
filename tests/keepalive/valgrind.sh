#!/usr/bin/env bash
# Under valgrind memcheck, a full session (TYPE1, TYPE2, PINGs and PONGs)
# writes no uninitialised byte to the socket: every message is zeroed
# before its 1028 bytes go out.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

need valgrind
vg=(valgrind -q --error-exitcode=9)
"${vg[@]}" "$BIN/pingserver" -h >/dev/null 2>&1 || skip "valgrind cannot run these binaries (a sanitizer build, or DWARF it cannot read)"
start server "$(command -v valgrind)" "${vg[@]:1}" "$BIN/pingserver" -p 0 -n 1 0
ready server
start client "$(command -v valgrind)" "${vg[@]:1}" "$BIN/pingclient" -p "$PORT" -t 1 -i 1 127.0.0.1
send client type1 type2
wait_for server '^process MSG_TYPE2$' 10
wait_for client '^received heartbeat, make heartbeats to 0$' 10
stop client INT
wait_exit client 10
[ "$STATUS" = 130 ] || fail "client under valgrind ended with $STATUS (9: memcheck found errors)"
expect_exit server 0 10
expect_not client 'uninitialised'
expect_not server 'uninitialised'
pass
