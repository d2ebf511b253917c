#!/usr/bin/env bash
# Every program of SPEC against bad command lines: -h, an unknown option, a
# missing or extra argument, bad ports, bad IPv4 literals, a port in use.
# Expected: -h prints usage on stdout and exits 0; bad usage prints a clear
# message on stderr (stdout empty) and exits 2; a failing call exits 1;
# never a crash, never a hang (each run is bounded by timeout).
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

# program        positional  (- none, ip, path, secs)
table="
make_socket       -
tcpserver         -
tcpclient         ip
udpserver         -
udpclient         ip
udpconnectserver  -
udpconnectclient  ip
udpconnectclient2 ip
unixstreamserver  path
unixstreamclient  path
unixdataserver    path
unixdataclient    path
graceserver       -
graceclient       ip
pingserver        secs
pingclient        ip
keepaliveserver   -
keepaliveclient   ip
nagleserver       -
batchwrite        ip
nagleclient       ip
addressused       -
addressused2      -
"

# try STATUS REGEX PROGRAM ARGS...: run it directly (no harness job), expect
# STATUS and a line matching REGEX on the stream that status implies.
n=0
try() {
    local want=$1 re=$2 rc stream=err
    shift 2
    n=$((n + 1))
    timeout 5 "$BIN/$1" "${@:2}" </dev/null >"$T/out" 2>"$T/err"
    rc=$?
    [ "$want" = 0 ] && stream=out
    [ "$rc" = "$want" ] || fail "$* exited $rc, expected $want: $(cat "$T/out" "$T/err")"
    grep -Eq -- "$re" "$T/$stream" || fail "$*: no /$re/ on std$stream: $(cat "$T/out" "$T/err")"
    case $want in
    0) [ ! -s "$T/err" ] || fail "$*: wrote to stderr: $(cat "$T/err")" ;;
    2) [ ! -s "$T/out" ] || fail "$*: wrote to stdout: $(cat "$T/out")" ;;
    esac
}

dir=$T/files
mkdir "$dir"
while read -r prog pos; do
    [ -n "$prog" ] || continue
    case $pos in
    -) arg=() ;;
    ip) arg=(127.0.0.1) ;;
    path) arg=("$dir/$prog.sock") ;;
    secs) arg=(0) ;;
    esac
    try 0 "^usage: $prog" "$prog" -h
    try 2 "^usage: $prog" "$prog" -Z "${arg[@]}"
    try 2 "^usage: $prog" "$prog" "${arg[@]}" extra
    [ "$pos" = - ] || try 2 "^usage: $prog" "$prog"
    if [ "$pos" = ip ]; then
        for bad in 999.1.1.1 1.2.3 localhost ""; do
            try 2 "^invalid IPv4 address '$bad'" "$prog" "$bad"
        done
    fi
    if [ "$pos" = secs ]; then
        for bad in -1 abc; do try 2 "^invalid .*'$bad'" "$prog" -- "$bad"; done
    fi
    if [ "$pos" != path ]; then
        for bad in -1 65536 abc ""; do
            try 2 "^invalid port '$bad'" "$prog" -p "$bad" "${arg[@]}"
        done
    fi
done <<<"$table"
[ -z "$(ls -A "$dir")" ] || fail "a refused run created $(ls -A "$dir")"

# A server's port already taken: bind fails with EADDRINUSE, exit 1.
busy='^bind failed: Address already in use \(98\)$'
start tcpbusy tcpserver -p 0 -A
ready tcpbusy
for prog in tcpserver graceserver keepaliveserver nagleserver addressused addressused2; do
    try 1 "$busy" "$prog" -p "$PORT"
done
try 1 "$busy" pingserver -p "$PORT" 0
start udpbusy udpserver -p 0
ready udpbusy
for prog in udpserver udpconnectserver; do try 1 "$busy" "$prog" -p "$PORT"; done

# No server: a port nobody listens on (make_socket binds one and closes it),
# a socket path that does not exist. Exit 1 with the failing call named.
port=$(timeout 5 "$BIN/make_socket" -p 0 | sed -n 's/^bound to .*://p')
[ -n "$port" ] || fail "make_socket printed no port"
refused='^connect failed: Connection refused \(111\)$'
for prog in tcpclient graceclient pingclient keepaliveclient batchwrite nagleclient; do
    try 1 "$refused" "$prog" -p "$port" 127.0.0.1
done
try1() { # like try, with one line on stdin
    printf 'g1\n' >"$T/g1"
    timeout 5 "$BIN/$2" "${@:3}" <"$T/g1" >"$T/out" 2>"$T/err"
    rc=$? n=$((n + 1))
    [ "$rc" = 1 ] && grep -Eq -- "$1" "$T/err" || fail "${*:2}: exit $rc, $(cat "$T/out" "$T/err")"
}
try1 '^recvfrom failed: Connection refused \(111\)$' udpconnectclient -p "$port" 127.0.0.1
try1 '^recv failed: Connection refused \(111\)$' udpconnectclient2 -p "$port" 127.0.0.1
try1 '^connect failed: No such file or directory \(2\)$' unixstreamclient "$dir/none.sock"
TMPDIR=$dir try1 '^sendto failed: No such file or directory \(2\)$' unixdataclient "$dir/none.sock"
[ -z "$(ls -A "$dir")" ] || fail "left behind: $(ls -A "$dir")"
note test "$n command lines checked"
pass
