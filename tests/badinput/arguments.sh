#!/usr/bin/env bash
# timeout: 120
# Every program of SPEC against bad command lines: -h, an unknown option, a
# missing or extra argument, bad ports, bad IPv4 literals, a port in use.
# Expected: a clear message, exit 2 for bad usage (0 for -h, 1 when a call
# fails), never a crash, never a hang.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

# program        positional  port?   (positional: - none, ip, path, secs)
table="
make_socket       -     tcp
tcpserver         -     tcp
tcpclient         ip    -
udpserver         -     udp
udpclient         ip    -
udpconnectserver  -     udp
udpconnectclient  ip    -
udpconnectclient2 ip    -
unixstreamserver  path  -
unixstreamclient  path  -
unixdataserver    path  -
unixdataclient    path  -
graceserver       -     tcp
graceclient       ip    -
pingserver        secs  tcp
pingclient        ip    -
keepaliveserver   -     tcp
keepaliveclient   ip    -
nagleserver       -     tcp
batchwrite        ip    -
nagleclient       ip    -
addressused       -     tcp
addressused2      -     tcp
"

# try NAME STATUS REGEX PROGRAM ARGS...: run it, expect STATUS and a line.
n=0
try() {
    local want=$1 re=$2
    shift 2
    n=$((n + 1))
    IN=/dev/null start "run$n" "$@"
    wait_exit "run$n"
    [ "$STATUS" = "$want" ] || fail "$* exited $STATUS, expected $want"
    expect "run$n" "$re"
}

dir=$T/files
mkdir "$dir"
for prog in $(awk 'NF { print $1 }' <<<"$table"); do
    read -r _ pos port <<<"$(grep -E "^$prog " <<<"$table")"
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
            try 2 "invalid IPv4 address '$bad'" "$prog" "$bad"
        done
    fi
    if [ "$pos" = secs ]; then
        for bad in -1 abc; do try 2 "invalid" "$prog" "$bad"; done
    fi
    if [ "$pos" != path ]; then
        for bad in -1 65536 abc ""; do
            try 2 "invalid port '$bad'" "$prog" -p "$bad" "${arg[@]}"
        done
    fi
done

# A server's port already taken: bind fails with EADDRINUSE, exit 1.
start tcpbusy tcpserver -p 0 -A
ready tcpbusy
for prog in tcpserver graceserver keepaliveserver nagleserver addressused addressused2; do
    try 1 '^bind failed: Address already in use \(98\)$' "$prog" -p "$PORT"
done
try 1 '^bind failed: Address already in use \(98\)$' pingserver -p "$PORT" 0
start udpbusy udpserver -p 0
ready udpbusy
for prog in udpserver udpconnectserver; do
    try 1 '^bind failed: Address already in use \(98\)$' "$prog" -p "$PORT"
done
note test "$n command lines checked"
pass
