#!/usr/bin/env bash
# A path is the user's, and it may hold any byte but NUL: a newline and an
# ESC sequence in it must not fake a second `listening on` line or clear
# the screen. Every line that shows a path (the readiness line, the
# refusals, `removed old socket file`, `no reply from`, the TMPDIR errors,
# `socket path too long`) shows control bytes as '?', one line each.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

nasty=$T/a$'\n'"listening on fake"$'\e'"[2J.sock" # what the user typed
shown="$T/a?listening on fake?[2J.sock"          # what the programs print
one_line() { # NAME TEXT: NAME printed TEXT as a whole line, and only once
    local l n=0 out=()
    mapfile -t out <"$T/$1.out" # (in bash: no grep per check)
    for l in "${out[@]}"; do [ "$l" != "$2" ] || n=$((n + 1)); done
    [ "$n" = 1 ] || fail "$1 did not print '$2' once: $(cat -v "$T/$1.out")"
    for l in "${out[@]}"; do [[ $l != *$'\e'* ]] || fail "$1 printed an ESC: $(cat -v "$T/$1.out")"; done
}

printf 'precious\n' >"$nasty"
for prog in unixstreamserver unixdataserver; do
    start server $prog "$nasty"
    expect_exit server 1
    one_line server "$shown exists and is not a socket: refusing to replace it"
done
rm "$nasty"

start server unixstreamserver -n 0 "$nasty"
ready server
one_line server "listening on $shown"
expect_count server '^listening on' 1
start client unixstreamclient "$nasty"
send client g1 && wait_for client '^Hi, g1$'
eof client && expect_exit client 0
stop server KILL && expect_exit server 137 # leaves the file: stale

start server unixdataserver "$nasty"
ready server
one_line server "removed old socket file $shown"
one_line server "bound to $shown"
stop server STOP && stopped server
start client unixdataclient -t 0.2 "$nasty"
send client g1
expect_exit client 1
one_line client "no reply from $shown within 0.2 s (server stuck or gone?)"
stop server CONT
stop server INT && expect_exit server 0
[ ! -e "$nasty" ] || fail "the server left its socket file behind"

long=$nasty$(printf '%0120d' 0)
start client unixstreamclient "$long"
expect_exit client 2
one_line client "socket path too long (${#long} bytes, at most 107): $shown$(printf '%0120d' 0)"
# (not under valgrind, which would make its own files in that TMPDIR first)
TMPDIR=$nasty start client "$BIN/unixdataclient" "$T/x.sock"
expect_exit client 1
one_line client "cannot make a private directory in $shown: No such file or directory (2)"
pass
