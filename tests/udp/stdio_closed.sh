#!/usr/bin/env bash
# Every UDP program refuses to run (exit 2, one line on stderr) when it is
# started with stdin, stdout or stderr closed: socket() would otherwise
# return that number, so the server's own lines would go out as datagrams
# and a client would read "stdin" from the socket and hang. Nothing reaches
# the server from a refused client.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

start server udpserver -p 0
ready server

# run FD PROGRAM ARGS...: start it with FD closed; it must end at once with 2.
run() {
    local fd=$1 rc
    shift
    case $fd in
    0) timeout 5 "$BIN/$1" "${@:2}" <&- >"$T/out" 2>"$T/err" ;;
    1) timeout 5 "$BIN/$1" "${@:2}" >&- 2>"$T/err" </dev/null ;;
    2) timeout 5 "$BIN/$1" "${@:2}" 2>&- >"$T/out" </dev/null ;;
    esac
    rc=$?
    note test "$1 with fd $fd closed: exit $rc"
    [ "$rc" = 2 ] || fail "$1 with fd $fd closed exited $rc, expected 2 (124: it ran on)"
    if [ "$fd" != 2 ]; then # (in bash: no grep per run)
        mapfile -t err <"$T/err"
        for l in "${err[@]}"; do [[ ! $l =~ ^std(in|out)\ \(fd\ $fd\)\ is\ closed:\ a\ socket\ would\ take\ its\ number ]] || return 0; done
        fail "$1 with fd $fd closed said: $(cat "$T/err")"
    fi
}
for fd in 0 1 2; do
    run $fd udpserver -p 0
    run $fd udpconnectserver -p 0
    for prog in udpclient udpconnectclient udpconnectclient2; do run $fd $prog -p "$PORT" 127.0.0.1; done
done
# A client that ran would have sent the server its own lines or nothing at
# all; a served one proves the server still works and got nothing else.
start client udpclient -p "$PORT" 127.0.0.1
send client g1 && wait_for client '^Hi, g1$'
eof client && expect_exit client 0
stop server INT && expect_exit server 0
expect server '^received 1 datagrams$'
pass
