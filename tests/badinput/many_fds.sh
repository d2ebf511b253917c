#!/usr/bin/env bash
# The clients that wait on stdin and the socket together, started by a
# parent that left 1100 descriptors open: their socket is fd 1100 or more,
# past FD_SETSIZE (1024), where FD_SET writes outside the fd_set (UBSan:
# "load of address ... __fd_mask"; -D_FORTIFY_SOURCE=2: "bit out of range",
# abort, 134; a plain build: a silently corrupted stack). They wait with
# poll(), so they talk as usual: graceclient gets its reply and ends with
# `shutdown`, pingclient's heartbeat is answered. (With select() this
# aborts in the --fortify flavour and reports in --asan; a plain build
# would hide the overwrite, so the flavours are where it fails.)
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

# crowded NAME PROGRAM ARGS...: start PROGRAM with descriptors 3..1099 open.
crowded() {
    start "$1" "$BASH" -c 'ulimit -n 2048 || exit 9
        for ((fd = 3; fd < 1100; fd++)); do eval "exec $fd</dev/null"; done
        exec "$0" "$@"' "$BIN/$2" "${@:3}"
}
# high_socket NAME: NAME's socket is a descriptor past FD_SETSIZE.
high_socket() {
    local fd
    fd=$(find "/proc/$(pid_of "$1")/fd" -lname 'socket:*' -printf '%f\n' | sort -n | tail -n 1)
    note test "$1's socket is fd ${fd:-none}"
    [ "${fd:-0}" -ge 1024 ] || fail "$1's socket is fd ${fd:-none}, not past FD_SETSIZE"
}

start server graceserver -p 0 -d 0
ready server
crowded client graceclient -p "$PORT" 127.0.0.1
wait_for server '^connection from'
high_socket client
send client data1
wait_for client '^Hi, data1$'
send client shutdown
expect_exit client 0
expect client '^server terminated$'

start pingsrv pingserver -p 0 0
ready pingsrv
PINGPORT=$PORT
crowded ping pingclient -p "$PINGPORT" -t 0.2 -i 0.2 -n 2 127.0.0.1
wait_for ping '^connected'
high_socket ping
send ping type1
wait_for pingsrv '^process MSG_TYPE1$'
wait_for ping '^received heartbeat, make heartbeats to 0$'
running ping
stop ping
pass
