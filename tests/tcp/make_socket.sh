#!/usr/bin/env bash
# make_socket -p 0 prints the port the kernel chose, and that port is real:
# a server can bind it right after; -h and bad arguments behave.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

start probe make_socket -p 0
ready probe
expect_exit probe 0
expect probe '^bound to 0\.0\.0\.0:[0-9]+$'
[ "$PORT" -gt 0 ] || fail "make_socket printed port $PORT"

start server tcpserver -p "$PORT" -n 1
ready server
expect server "^listening on 0\.0\.0\.0:$PORT\$"

# The fixed default port also binds (nothing else here uses it).
start fixed make_socket
wait_exit fixed
[ "$STATUS" = 0 ] && expect fixed '^bound to 0\.0\.0\.0:9527$'

start help make_socket -h
expect_exit help 0
expect help '^usage: make_socket'
for bad in "-p 65536" "-p -1" "-p abc" "-x" "extra"; do
    # shellcheck disable=SC2086
    start bad make_socket $bad
    expect_exit bad 2
done
pass
