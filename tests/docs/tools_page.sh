#!/usr/bin/env bash
# demo: notes-tools — the notes' tools beside today's (TOOLS.md): netstat/ss, ifconfig/ip, lsof, ping and TTL as a hop count, tcpdump's flags and the tcp[13] filter, run on a live scenario
# Every command TOOLS.md shows as "# COMMAND" (in its ``` transcript
# blocks) is run here, in a private namespace set up as the page's setup
# blocks say, and its output must still have the lines the page relies on.
# The list below and the page must name the same commands: a command added
# to one and not the other fails the test. Port 9527 as in the notes: the
# namespace is this test's own. The page's /tmp/notes.sock is one name for
# every process on the machine, so the test's socket lives in its own
# directory and every command and output is shown with the page's path
# (another run, in parallel, has its own).
NETNS=always
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
page=$(dirname "$0")/../../TOOLS.md
[ -n "${_HARNESS_IN_NETNS:-}" ] || skip "needs a private network namespace (unshare -n)"
real_root || skip "tcpdump, lsof -p and extra namespaces need real root"
missing=
for tool in netstat ifconfig lsof ping tcpdump ss ip; do command -v $tool >/dev/null 2>&1 || missing+=" $tool"; done
[ -z "$missing" ] || skip "missing:$missing (Debian: net-tools, lsof, iputils-ping, tcpdump, iproute2)"

# COMMAND<TAB>what its output must have, separated by " && ": an ERE some
# line matches, "all:ERE" every line matches, "lines:N" exactly N lines.
checks=(
    $'tcpdump -r flags.pcap -n\tFlags \\[S\\], && Flags \\[S\\.\\], && Flags \\[\\.\\], ack && Flags \\[P\\.\\], && Flags \\[F\\.\\], && \\.9528: Flags \\[S\\], && 127\\.0\\.0\\.1\\.9528 > .*Flags \\[R\\.\\],'
    $'tcpdump -r flags.pcap -n \'tcp[13] & 2 != 0\'\tall:Flags \\[S\\.?\\], && lines:3'
    $'netstat -alepn\t^tcp +0 +0 0\\.0\\.0\\.0:9527 +0\\.0\\.0\\.0:\\* +LISTEN .*/tcpserver && ESTABLISHED .*/tcpclient && ^unix .* LISTENING .*/unixstream[a-z]* +/tmp/notes\\.sock$'
    $'ss -tanep\t^LISTEN .* 0\\.0\\.0\\.0:9527 .*users:\\(\\("tcpserver" && ^ESTAB .*users:\\(\\("tcpclient"'
    $'netstat -x -alepn\t^unix +2 +\\[ ACC \\] +STREAM +LISTENING .*/unixstream[a-z]* +/tmp/notes\\.sock$'
    $'ss -xlp\t^u_str LISTEN .* /tmp/notes\\.sock .*users:\\(\\("unixstreamserve'
    $'lsof -i :9527\t^tcpserver .* TCP \\*:9527 \\(LISTEN\\)$ && ^tcpclient .*:9527 \\(ESTABLISHED\\)$'
    $'lsof /tmp/notes.sock\t^unixstrea .* /tmp/notes\\.sock type=STREAM'
    $'ifconfig lo\t^lo: flags=73<UP,LOOPBACK,RUNNING>  mtu 65536 && inet 127\\.0\\.0\\.1  netmask 255\\.0\\.0\\.0 && RX packets [1-9]'
    $'ip addr show lo\t^1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 && inet 127\\.0\\.0\\.1/8 scope host lo'
    $'ip -s link show lo\tRX: +bytes +packets && TX: +bytes +packets'
    $'ping -c 1 10.79.1.2\tfrom 10\\.79\\.1\\.2: icmp_seq=1 ttl=64 time='
    $'ping -c 1 10.79.2.2\tfrom 10\\.79\\.2\\.2: icmp_seq=1 ttl=63 time='
    $'ping -c 1 -t 1 10.79.2.2\tFrom 10\\.79\\.1\\.2 icmp_seq=1 Time to live exceeded'
)

# The page and this list name the same commands.
[ -r "$page" ] || fail "no $page"
awk '/^```/ { inb = !inb; lang = substr($0, 4); next } inb && lang == "" && /^# / { print substr($0, 3) }' "$page" |
    sed 's/[ \t]*#.*$//' | sort -u >"$T/page_cmds"
for c in "${checks[@]}"; do printf '%s\n' "${c%%$'\t'*}"; done | sort -u >"$T/test_cmds"
diff "$T/page_cmds" "$T/test_cmds" >"$T/diff" ||
    fail "TOOLS.md and this test do not show the same commands (< page, > test): $(tr '\n' ' ' <"$T/diff")"

# --- the setup the page describes ---------------------------------------------
BIN=$(cd "$BIN" && pwd) # (absolute: the commands run in $T, as the page's do in its directory)
# The programs start by their path, so never under valgrind (VALGRIND=1):
# the page's netstat, ss and lsof lines name them, not memcheck.
cd "$T" || fail "cd"
page_sock=/tmp/notes.sock sock=$T/notes.sock # (the page's name, ours)
netns_new NS_R || skip "cannot create a namespace for the router"
netns_new NS_H || skip "cannot create a namespace for the far host"
A=tl$$a B=tl$$b C=tl$$c D=tl$$d
ip link add "$A" type veth peer name "$B" netns "$NS_R" || skip "cannot create a veth pair here"
in_netns "$NS_R" ip link add "$C" type veth peer name "$D" netns "$NS_H" || fail "cannot create the second veth pair"
# (one `ip -batch` per namespace, not an ip and an nsenter per step)
{
    ip -b - <<<"addr add 10.79.1.1/24 dev $A
link set $A up
route add 10.79.2.0/24 via 10.79.1.2" &&
        in_netns "$NS_R" ip -b - <<<"addr add 10.79.1.2/24 dev $B
link set $B up
addr add 10.79.2.1/24 dev $C
link set $C up" &&
        in_netns "$NS_R" sysctl -qw net.ipv4.ip_forward=1 &&
        in_netns "$NS_H" ip -b - <<<"addr add 10.79.2.2/24 dev $D
link set $D up
route add default via 10.79.2.1"
} || fail "cannot set up the router"

start server "$BIN/tcpserver" -p 9527 -d 0.2
ready server
# (--immediate-mode, not in the page's command: each packet reaches the file
# at once, not when libpcap's buffer times out, up to 1 s later; the same pcap)
start cap "$(command -v tcpdump)" -i lo -n -U --immediate-mode -w flags.pcap 'tcp port 9527 or tcp port 9528'
wait_for cap 'listening on'
start short "$BIN/tcpclient" -s 10 127.0.0.1
expect_exit short 0
wait_for server '^client closed, 10 bytes read$'
start refused "$BIN/tcpclient" -p 9528 127.0.0.1
expect_exit refused 1
fins() { mapfile -t f < <(tcpdump -r flags.pcap -n 'tcp[tcpflags] & tcp-fin != 0' 2>/dev/null) && [ ${#f[@]} -ge 2 ]; }
wait_true "both FINs in the capture" fins
stop cap INT && wait_exit cap
start unix "$BIN/unixstreamserver" "$sock"
ready unix
start long "$BIN/tcpclient" -s 10000000 127.0.0.1
wait_ss "the long client's connection" state established "( dport = :9527 )"

# --- every command, its lines -------------------------------------------------
# (TOOLS_TRANSCRIPT=FILE keeps what they printed: the page's transcripts.)
[ -z "${TOOLS_TRANSCRIPT:-}" ] || on_exit "cp '$T/transcript' '$TOOLS_TRANSCRIPT'"
# They run one after another in one bash (not a timeout and a bash each),
# each one's stdout (what the page shows) in $T/out.N; lsof is slow on a
# busy machine.
script=
for i in "${!checks[@]}"; do
    cmd=${checks[i]%%$'\t'*}
    script+="{ ${cmd//"$page_sock"/$sock} ; } >'$T/out.$i' 2>/dev/null"$'\n'
done
timeout 20 bash -c "$script"
for i in "${!checks[@]}"; do
    c=${checks[i]}
    cmd=${c%%$'\t'*} want=${c#*$'\t'}
    out=$(<"$T/out.$i")
    out=${out//"$sock"/$page_sock}
    printf '%s\n' "# $cmd" "$out" >>"$T/transcript"
    mapfile -t lines <<<"$out" # (each ERE tried on the lines in bash: no grep per check)
    note test "# $cmd: ${#lines[@]} lines"
    while [ -n "$want" ]; do
        re=${want%% && *}
        [ "$re" = "$want" ] && want= || want=${want#* && }
        ok=1
        case $re in
        all:*) ok=0 && for l in "${lines[@]}"; do [[ $l =~ ${re#all:} ]] || { ok=1 && break; }; done ;;
        lines:*) [ "${#lines[@]}" != "${re#lines:}" ] || ok=0 ;;
        *) for l in "${lines[@]}"; do [[ ! $l =~ $re ]] || { ok=0 && break; }; done ;;
        esac
        [ $ok = 0 ] || fail "'$cmd' no longer prints what TOOLS.md shows ($re): $out"
    done
done
pass
