#!/usr/bin/env bash
# demo: tcp-congestion-window — the congestion window over one transfer: 10 segments at first, doubled every round trip (slow start), halved when a router drops one segment; and a small receive window caps the sender instead
# Three hosts: the client here, a router (its own namespace) and the server
# behind it. The router's link to the server is the bottleneck (tbf, 20
# Mbit/s, a 300 KB queue); an nft rule on the router drops the 150th data
# segment of the connection, once. The client's route to the server uses Reno
# (`ip route ... congctl reno`): the textbook curve, whatever the host's
# default (cubic on Debian, bbr on some cloud kernels). The tracepoint
# tcp:tcp_probe samples the sender at every ACK (snd_cwnd, ssthresh,
# snd_wnd, snd_nxt, snd_una); the test groups the samples in round trips
# (a round ends when everything sent at its start is ACKed) and asserts:
# cwnd 10 in the first round, about x2 per round until the loss, then
# ssthresh = half the window and cwnd cut to it. Second run, the server
# with a 4 KiB receive buffer: the sender is limited by the receive window
# (never more in flight than snd_wnd), so cwnd never grows past 10.
# CWND_SVG=FILE draws the first run's cwnd over time (tests/tcp/cwnd_svg).
NETNS=always # links, routes and qdiscs of its own, demo mode too
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

[ -n "${_HARNESS_IN_NETNS:-}" ] || skip "needs a private network namespace (unshare -n)"
real_root || skip "the tcp_probe tracepoint and nft need real root"
need ip tc nft nsenter
tr=/sys/kernel/tracing
[ -e "$tr/events/tcp/tcp_probe" ] || skip "this kernel has no tcp:tcp_probe tracepoint"
C=cw$$c R1=cw$$r S=cw$$s R2=cw$$q
netns_new NS_R || skip "cannot create a namespace for the router"
netns_new NS_S || skip "cannot create a namespace for the server"
inr() { in_netns "$NS_R" "$@"; }
ins() { in_netns "$NS_S" "$@"; }
ip link add "$C" type veth peer name "$R1" netns "$NS_R" || skip "cannot create a veth pair here"
inr ip link add "$R2" type veth peer name "$S" netns "$NS_S" || fail "cannot create the second veth pair"
# (one `ip -batch` per host: it stops at the first command that fails)
{
    ip -b - <<EOT &&
addr add 10.78.1.1/24 dev $C
link set $C up
route add 10.78.2.0/24 via 10.78.1.2 congctl reno
EOT
        inr ip -b - <<EOT &&
addr add 10.78.1.2/24 dev $R1
link set $R1 up
addr add 10.78.2.1/24 dev $R2
link set $R2 up
EOT
        ins ip -b - <<EOT &&
addr add 10.78.2.2/24 dev $S
link set $S up
route add default via 10.78.2.1
EOT
        inr sysctl -qw net.ipv4.ip_forward=1
} || fail "cannot configure the three hosts"
ip link set "$C" gso_max_segs 1 2>/dev/null # one segment per packet, as on a wire
inr tc qdisc add dev "$R2" root tbf rate 20mbit burst 3000 limit 300000 || skip "no tbf qdisc in this kernel"
note test "host default: $(sysctl -n net.ipv4.tcp_congestion_control); this route: $(ip route show 10.78.2.0/24)"

# probe_start / probe_stop [last]: the tcp_probe samples of connections to
# PORT, from a private tracefs instance (one for both runs: creating one
# costs more than either transfer), into $T/probe.out. The instance's
# buffer is read once the transfer is over (its `trace` file), not followed
# live: on a loaded machine a reader of trace_pipe falls behind. 1 MiB per
# CPU holds about 10000 samples: a run makes about 600.
inst=
probe_start() {
    if [ -z "$inst" ]; then
        inst=$tr/instances/sockcw-$$-$RANDOM
        mkdir "$inst" || fail "cannot create a tracefs instance"
        on_exit "rmdir $inst"
        echo 1024 >"$inst/buffer_size_kb"
    fi
    echo "dport == $PORT" >"$inst/events/tcp/tcp_probe/filter"
    echo 1 >"$inst/events/tcp/tcp_probe/enable"
    echo 1 >"$inst/tracing_on"
}
probe_stop() {
    echo 0 >"$inst/tracing_on"
    echo 0 >"$inst/events/tcp/tcp_probe/enable"
    grep -v '^#' "$inst/trace" >"$T/probe.out"
    if [ "${1:-}" = last ]; then
        rmdir "$inst" || fail "cannot remove the tracefs instance"
    else
        : >"$inst/trace" # emptied for the next run
    fi
}
# rounds: per round trip, "ROUND MS CWND SSTHRESH SND_WND FLIGHT_MAX" from
# our client's samples (the tracepoint is host-wide).
rounds() {
    grep -F 'src=10.78.1.1:' "$T/probe.out" | awk -f "$(dirname "$0")/cwnd_rounds.awk"
}

# serve NAME ARGS...: tcpserver in the server's namespace, its output straight
# into $T/NAME.out, where `ready NAME` and `wait_for NAME` read it: its two
# lines per 1 KiB record (3600 in all) would each cost the harness's line
# reader a turn (0.3 s of CPU). SERVER := its pid.
serve() {
    local name=$1
    shift
    note server "\$ tcpserver $* (its output in $name.out)"
    : >"$T/$name.out" # (there before wait_for opens it)
    nsenter --net="/proc/$NS_S/ns/net" "$BIN/tcpserver" "$@" >>"$T/$name.out" 2>&1 &
    SERVER=$!
    on_exit "kill $SERVER"
}

# --- run 1: slow start, one loss, the cut ------------------------------------
serve server1 -p 0 -n 1 -d 0 -R 1000000
ready server1
# The 150th data segment of the connection, counted by numgen on the router.
inr nft -f - <<EOT || fail "cannot add the router's drop rule"
table ip cw {
    chain drop_one {
        type filter hook forward priority 0;
        tcp dport $PORT meta length > 1000 numgen inc mod 1000000 == 149 counter drop
    }
}
EOT
probe_start
# A send buffer asked for up front (-W 200000, 400 KB): more than the
# largest window, so the sender stays cwnd-limited even when a loaded
# machine runs tcpclient late (Linux grows cwnd only while cwnd is the
# limit); and less than the transfer, so tcpclient does not close early
# (after close() the socket leaves ESTABLISHED, and tcp_probe stops).
start client tcpclient -p "$PORT" -s 1500000 -W 200000 10.78.2.2
expect_exit client 0
wait_for server1 '^client closed, 1500000 bytes read$' 15
probe_stop
dropped=$(inr nft list ruleset | grep -Eo 'counter packets [0-9]+' | grep -Eo '[0-9]+$')
note test "the router dropped $dropped packet(s)"
[ "$dropped" = 1 ] || fail "the router dropped ${dropped:-no} packets, expected exactly 1"
rounds >"$T/rounds1"
while read -r r ms cwnd ss wnd fl cm; do note test "round $r at $ms ms: cwnd $cwnd (up to $cm) ssthresh $ss snd_wnd $wnd, in flight <= $fl"; done <"$T/rounds1"
[ -z "${CWND_SVG:-}" ] || grep -F 'src=10.78.1.1:' "$T/probe.out" | "$(dirname "$0")/cwnd_svg" >"$CWND_SVG"
awk '
    NR == 1 && $3 != 10 { print "first round: cwnd " $3 ", expected the initial window, 10"; bad = 1 }
    $4 == 2147483647 && NR > 1 { ratio = $3 / prev; if (ratio < 1.6 || ratio > 2.4) { print "round " NR ": cwnd " prev " -> " $3 " in slow start, expected about x2"; bad = 1 }; ss_rounds++ }
    $4 != 2147483647 && !cut { cut = 1; if ($4 > 0.6 * peak || $4 < 0.4 * peak) { print "ssthresh " $4 " after the loss, expected half of the window " peak; bad = 1 }
        if ($3 > $4 + 2) { print "cwnd " $3 " after the loss, expected cut to ssthresh " $4; bad = 1 }; prev = $3; next }
    cut && ($3 < prev || $3 > prev + 2) { print "round " NR ": cwnd " prev " -> " $3 ", expected +1 per round (congestion avoidance)"; bad = 1 }
    { if ($4 == 2147483647) peak = $7; prev = $3 }
    END { if (ss_rounds < 3) { print "only " ss_rounds " round(s) of slow start before the loss"; bad = 1 }
          if (!cut) { print "no cut: ssthresh never set"; bad = 1 }; exit bad }' "$T/rounds1" >"$T/why" ||
    fail "$(cat "$T/why")"

# --- run 2: a 4 KiB receive buffer: min(rwnd, cwnd) is rwnd ---------------------
inr nft flush ruleset
wait_true "the first tcpserver's end" eval '! kill -0 "$SERVER" 2>/dev/null'
wait "$SERVER"
rc=$?
[ "$rc" = 0 ] || fail "the first tcpserver exited with $rc, expected 0"
serve server2 -p 0 -n 1 -d 0 -R 4096
ready server2
probe_start
start client tcpclient -p "$PORT" -s 300000 10.78.2.2
expect_exit client 0
wait_for server2 '^client closed, 300000 bytes read$' 15
probe_stop last
rounds >"$T/rounds2"
read -r maxcwnd maxwnd maxfl <<<"$(awk '{ if ($3 > c) c = $3; if ($5 > w) w = $5; if ($6 > f) f = $6 } END { print c + 0, w + 0, f + 0 }' "$T/rounds2")"
note test "receive buffer 4 KiB: $(wc -l <"$T/rounds2") rounds, cwnd at most $maxcwnd, snd_wnd at most $maxwnd bytes, in flight at most $maxfl segments"
[ "$maxcwnd" -le 10 ] || fail "cwnd grew to $maxcwnd with the receive window the limit"
[ $((maxfl * 1448)) -le "$maxwnd" ] || fail "$maxfl segments in flight: more than the receive window ($maxwnd bytes)"
[ "$(wc -l <"$T/rounds2")" -ge 20 ] || fail "too few round trips in the window-limited run"
pass
