#!/usr/bin/env bash
# demo: stopped-server — a hung server (SIGSTOP): the kernel's keepalive keeps the connection alive, since the stopped process's kernel answers every probe, while the ping/pong heartbeat declares it dead
# The notes' argument for an application heartbeat (应用层探活), shown
# side by side: two servers, both stopped with SIGSTOP once their clients
# are connected. The kernel keepalive client (idle 1 s, interval 1 s,
# 1 probe: a silent peer would be dead 2 s after the last packet) gets an
# answer to every probe from the stopped server's kernel: it is still
# connected 2.2 s after it connected (probes at 1 s and 2 s: the second is
# sent only if the first was answered), ss shows 0 unanswered probes, the
# wire shows each probe and its ACK. The heartbeat client (pingclient: idle
# 0.3 s, interval 0.3 s, 1 probe) asks the application itself, which cannot
# answer: `connection dead`, exit 1, about 0.6 s after the stop.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

start kserver keepaliveserver -p 0 -n 1
ready kserver
KPORT=$PORT
start pserver pingserver -p 0 -n 1 0
ready pserver
PPORT=$PORT
wire "$KPORT"
start kclient keepaliveclient -p "$KPORT" -t 1 -i 1 -n 1 127.0.0.1
start pclient pingclient -p "$PPORT" -t "$(timer 0.3 10)" -i "$(timer 0.3 3)" -n 1 127.0.0.1
wait_for kclient '^connected, blocking in read$'
t_conn=${EPOCHREALTIME/./}
expect kclient '^keepalive on: idle 1 s, interval 1 s, probes 1$'
wait_for kserver '^connection from 127\.0\.0\.1:[0-9]+, staying silent$'
kport=$(sed -nE 's/^connection from 127\.0\.0\.1:([0-9]+),.*/\1/p' "$T/kserver.out")
wait_for pclient '^received heartbeat, make heartbeats to 0$' # the server answers while it runs

# Both servers hang: stopped, their kernels still running.
stop kserver STOP
stop pserver STOP
stopped kserver
stopped pserver
t_stop=${EPOCHREALTIME/./}

# The heartbeat notices: no PONG from a stopped program.
expect_exit pclient 1 "$(timer 5 30)"
expect pclient '^connection dead$'
dead_ms=$(((${EPOCHREALTIME/./} - t_stop) / 1000))
note test "heartbeat: connection dead $dead_ms ms after the stop"

# The kernel keepalive does not: the probes are answered.
c="client:$kport" s="server:$KPORT"
wait_true "two keepalive probes answered since the stop" eval \
    '[ "$(awk -F "\t" -v t="$t_stop" -v re="^$s -> $c  \\\\[ACK\\\\] len 0$" "\$2 == \"wire\" && \$1 > t && \$3 ~ re" "$T/timeline" | wc -l)" -ge 2 ]'
probes=$(awk -F '\t' -v t="$t_stop" -v re="^$c -> $s  \\\\[ACK\\\\] len 0$" '$2 == "wire" && $1 > t && $3 ~ re' "$T/timeline" | wc -l)
[ "$probes" -ge 2 ] || fail "only $probes keepalive probes from the client since the stop"
left=$((2200 - (${EPOCHREALTIME/./} - t_conn) / 1000)) # unanswered, it would be dead at 2 s
[ "$left" -le 0 ] || still_running kclient "$left"
running kclient || fail "the keepalive client ended: $(tail -n 1 "$T/kclient.out")"
line=$(ss -Htno state established "( sport = :$kport )")
note ss "the keepalive client $(((${EPOCHREALTIME/./} - t_conn) / 1000)) ms after connecting: $line"
[[ $line =~ timer:\(keepalive,[^,]*,0\) ]] || fail "expected a keepalive timer with 0 unanswered probes: $line"
expect_not kclient 'failed'
note test "keepalive: $probes probes answered by the stopped server's kernel, still connected"
stop kserver CONT
stop pserver CONT
pass
