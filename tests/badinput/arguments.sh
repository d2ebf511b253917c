#!/usr/bin/env bash
# Every program of SPEC against bad command lines: -h (--help, -help), an
# unknown option (a long one too), a missing or extra argument, bad ports
# (signs, spaces, hex: digits only), a trailing option without its value,
# bad address literals, a port in use.
# Expected: -h prints usage on stdout and exits 0; bad usage prints a clear
# message on stderr (stdout empty) and exits 2; a failing call exits 1;
# never a crash, never a hang (every run is bounded: 20 s for all). No server:
# the clients' connect (or first reply) fails, exit 1.
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
try() {
    local want=$1 re=$2 rc stream=err out=$T/out.$3 err=$T/err.$3
    shift 2
    # (no timeout(1) per run, ~400 of them: the watchdog below bounds them)
    "$BIN/$1" "${@:2}" </dev/null >"$out" 2>"$err" &
    printf '%s %s\n' "$!" "$*" >"$T/now.$1" # what this row runs now
    wait "$!"
    rc=$?
    [ "$want" = 0 ] && stream=out
    [ "$rc" = "$want" ] || fail "$* exited $rc, expected $want: $(cat "$out" "$err")"
    has_line "$re" "$T/$stream.$1" || fail "$*: no /$re/ on std$stream: $(cat "$out" "$err")"
    case $want in
    0) [ ! -s "$err" ] || fail "$*: wrote to stderr: $(cat "$err")" ;;
    2) [ ! -s "$out" ] || fail "$*: wrote to stdout: $(cat "$out")" ;;
    esac
}

# has_line ERE FILE: a line of FILE matches (grep -Eq, without a grep per
# run: ~350 runs, 23 rows in parallel on 2 cores).
has_line() {
    local line
    while IFS= read -r line || [ -n "$line" ]; do [[ $line =~ $1 ]] && return 0; done <"$2"
    return 1
}

# masked TEXT: TEXT as the error helpers print it (control bytes as '?').
# (both set REPLY: no subshell, tr or sed per bad argument)
masked() { REPLY=${1//[$'\001'-$'\037'$'\177']/?}; }
# literal TEXT: TEXT as an extended regex that matches just itself.
literal() {
    local i c
    REPLY=
    for ((i = 0; i < ${#1}; i++)); do
        c=${1:i:1}
        case $c in [][\\.*^\$+?\(\){}\|]) REPLY+=\\$c ;; *) REPLY+=$c ;; esac
    done
}

# check PROGRAM POSITIONAL: its whole row of bad command lines.
check() {
    local prog=$1 pos=$2 arg bad bads
    case $pos in
    -) arg=() ;;
    ip) arg=(127.0.0.1) ;;
    path) arg=("$dir/$prog.sock") ;;
    secs) arg=(0) ;;
    esac
    try 0 "^usage: $prog" "$prog" -h
    # The two ways users ask for help are -h too; other long options get
    # one line (there are none: getopt took --help for -- then -help).
    try 0 "^usage: $prog" "$prog" --help
    try 0 "^usage: $prog" "$prog" "${arg[@]}" -help
    case $prog in tcpserver | tcpclient) # one path in lib for all: one server, one client
        try 2 "^unknown option --port=1: options are single letters" "$prog" --port=1 "${arg[@]}" ;;
    esac
    try 2 "^usage: $prog" "$prog" -Z "${arg[@]}"
    try 2 "^usage: $prog" "$prog" "${arg[@]}" extra
    [ "$pos" = - ] || try 2 "^usage: $prog" "$prog"
    if [ "$pos" = ip ]; then
        for bad in 999.1.1.1 1.2.3 localhost "" ::g 1::2::3 127.0.0.1%lo; do
            try 2 "^invalid address '$bad': not an IPv4 or IPv6 literal" "$prog" "$bad"
        done
        # A scope id names an interface that must exist.
        try 2 "^invalid address 'fe80::1%nosuch0': no interface 'nosuch0'" "$prog" fe80::1%nosuch0
        # What the user typed is quoted masked: an escape sequence in an
        # argument cannot set the window title or clear the screen.
        try 2 "^invalid address '\?\]0;pwned\?\?\[2J': " "$prog" $'\e]0;pwned\a\e[2J'
    fi
    if [ "$pos" = secs ]; then
        for bad in -1 abc; do try 2 "^invalid .*'$bad'" "$prog" -- "$bad"; done
    fi
    if [ "$pos" != path ]; then
        # One strict rule for numbers: digits only (strtol took " 80", "+80",
        # a tab, and "-0" as "the kernel picks").
        # (Every program parses with the lib's parse_port: the whole list for
        # one server and one client, three of it for the others.)
        bads=(65536 " 80" +80)
        case $prog in make_socket | tcpclient) bads+=(-1 abc "" $'\t80' -0 "80 " 0x50) ;; esac
        for bad in "${bads[@]}"; do
            masked "$bad" && literal "$REPLY"
            try 2 "^invalid port '$REPLY'" "$prog" -p "$bad" "${arg[@]}"
        done
        # A trailing option without its value must not take the positional
        # argument as its value (`tcpclient 127.0.0.1 -p`).
        try 2 "^option -p needs a value\$" "$prog" "${arg[@]}" -p
    fi
    if [ "$pos" = secs ]; then # seconds: at most 6 decimals, never past the limit
        for bad in 0.0000001 " 1" +1 1e3; do literal "$bad" && try 2 "^invalid .*'$REPLY'" "$prog" -- "$bad"; done
    fi
}
dir=$T/files
mkdir "$dir"
pids=()
while read -r prog pos; do # the rows run side by side: a failing row prints FAIL
    [ -z "$prog" ] || { check "$prog" "$pos" & pids+=($!); }
done <<<"$table"
# never a hang: every row done within 20 s, or the runs still going are named
rows_done() { local p; for p in "${pids[@]}"; do ! kill -0 "$p" 2>/dev/null || return 1; done; }
if ! within 20 rows_done; then
    hung=
    for f in "$T"/now.*; do
        read -r p cmd <"$f" && kill -0 "$p" 2>/dev/null && hung+=" $cmd;" && kill -KILL "$p"
    done
    fail "still running after 20 s:$hung"
fi
for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
[ -z "${failed:-}" ] || fail "bad command lines answered wrongly (above)"
[ -z "$(ls -A "$dir")" ] || fail "a refused run created $(ls -A "$dir")"

# A server's port already taken: bind fails with EADDRINUSE, exit 1.
busy='^bind failed: .* \(98\)$'
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
refused='^connect failed: .* \(111\)$'
for prog in tcpclient graceclient pingclient keepaliveclient batchwrite nagleclient; do
    try 1 "$refused" "$prog" -p "$port" 127.0.0.1
done
try1() { # like try 1, with one line on stdin
    printf 'g1\n' | timeout 5 "$BIN/$2" "${@:3}" >"$T/out" 2>"$T/err"
    rc=$?
    [ "$rc" = 1 ] && grep -Eq -- "$1" "$T/err" || fail "${*:2}: exit $rc, $(cat "$T/out" "$T/err")"
}
try1 '^recvfrom failed: .* \(111\)$' udpconnectclient -p "$port" 127.0.0.1
try1 '^recv failed: .* \(111\)$' udpconnectclient2 -p "$port" 127.0.0.1
try1 '^connect failed: .* \(2\)$' unixstreamclient "$dir/none.sock"
TMPDIR=$dir try1 '^sendto failed: .* \(2\)$' unixdataclient "$dir/none.sock"
[ -z "$(ls -A "$dir")" ] || fail "left behind: $(ls -A "$dir")"
pass
