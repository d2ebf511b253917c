#!/usr/bin/env bash
# scripts/watch -p PORT, as the third terminal of a two-terminal recipe: it
# shows the SYN, the states of a scripted connection and its close in causal
# order (SYN,ACK before [SYN-SENT → ESTABLISHED], the server's FIN before
# [FIN-WAIT-2 → TIME-WAIT]), says what it shows, and shows only this
# namespace's sockets: a connection on the same port in another namespace,
# made meanwhile, never appears. After SIGINT (Ctrl-C), SIGTERM and SIGHUP it
# leaves no trace instance and no tcpdump behind, and ends with the summary
# of the states. Also: a SIGTERM at once after the start, a kill -9 (wirecap
# cleans up after its owner), and -p 010 watching port 10 (not octal 8).
# Needs root, tcpdump and tracefs.
# timeout: 60
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
need tcpdump
real_root || skip "capturing needs root"
watch=$_here/../scripts/watch

descendants() { # PID: every process below it (one ps, not two processes per level)
    ps -e -o pid=,ppid= | awk -v root="$1" '{ kids[$2] = kids[$2] " " $1 }
        END { n = split(kids[root], q, " ")
            for (i = 1; i <= n; i++) { print q[i]; m = split(kids[q[i]], k, " "); for (j = 1; j <= m; j++) q[++n] = k[j] } }'
}
alive() { # PIDS: those still running (a zombie waiting for its reaper is not), "PID ARGS"
    [ $# -gt 0 ] || return 0
    ps -o pid=,stat=,args= -p "$(IFS=,; echo "$*")" 2>/dev/null | awk '$2 !~ /^Z/ { $2 = ""; sub(/  /, " "); sub(/^ +/, ""); print }'
}
instances() { # PIDS: their trace instances (a glob, not an ls per process)
    local p d
    for p in "$@"; do for d in /sys/kernel/tracing/instances/sockcap-"$p"-*; do [ ! -e "$d" ] || echo "$d"; done; done
}
none_alive() { [ -z "$(alive "$@")" ]; }
# line_of REGEX...: AT[i] := the number of the watch's first line matching
# the i-th extended REGEX ("" when none), in one read of its output in bash
# (not a grep and a cut per pattern)
line_of() {
    local l n=0 i
    AT=()
    while IFS= read -r l; do
        n=$((n + 1))
        for ((i = 1; i <= $#; i++)); do
            [ -n "${AT[i]:-}" ] || [[ ! $l =~ ${!i} ]] || AT[i]=$n
        done
    done <"$T/watch.out"
}

start server graceserver -p 0 -n 3 -d 0
ready server
netns_new OTHER || skip "cannot create a second network namespace"
for sig in INT TERM HUP; do
    start watch "$watch" -p "$PORT"
    wait_for watch 'capture: (states|no state)' 15
    grep -q 'capture: states' "$T/watch.out" || skip "no state lines: $(grep 'capture:' "$T/watch.out")"
    expect watch "^watching port $PORT: this network namespace's connections only"
    kids=$(descendants "$(pid_of watch)")
    inst=$(instances $kids)
    [ -n "$inst" ] || fail "no trace instance while watching"
    pgrep -P "${kids//$'\n'/,}" -x tcpdump >/dev/null || fail "no tcpdump while watching"
    if [ "$sig" = INT ]; then # the same port in another namespace, meanwhile
        start fserver "$(command -v nsenter)" --net="/proc/$OTHER/ns/net" "$BIN/graceserver" -p "$PORT" -n 1 -d 0
        ready fserver
        start fclient "$(command -v nsenter)" --net="/proc/$OTHER/ns/net" "$BIN/graceclient" -p "$PORT" 127.0.0.1
        send fclient data1 shutdown
        expect_exit fclient 0
        wait_for fserver '^connection from .*:[0-9]+$' # (its line may come after the client's end)
        fport=${MATCHED##*:}
    fi
    start client graceclient -p "$PORT" 127.0.0.1
    send client data1 shutdown
    expect_exit client 0
    wait_for watch '│──SYN──+▶│' 15
    wait_for watch '\[SYN-SENT → ESTABLISHED\]' 15
    wait_for watch '│◀─+PSH,ACK len 9──│' 15
    wait_for watch '\[ESTABLISHED → FIN-WAIT-1\]' 15
    wait_for watch '\[CLOSE-WAIT → LAST-ACK\]' 15
    wait_for watch '\[FIN-WAIT-2 → TIME-WAIT\]' 15
    line_of '│◀─+SYN,ACK──│' 'SYN-SENT → ESTABLISHED' '│◀─+FIN,ACK──│' 'FIN-WAIT-2 → TIME-WAIT' \
        'ESTABLISHED → FIN-WAIT-1' '│──FIN,ACK─+▶│'
    [ "${AT[1]:-}" -lt "${AT[2]:-}" ] || fail "ESTABLISHED before the SYN,ACK"
    [ "${AT[3]:-}" -lt "${AT[4]:-}" ] || fail "TIME-WAIT before the server's FIN"
    [ "${AT[5]:-}" -lt "${AT[6]:-}" ] || fail "the client's FIN before FIN-WAIT-1"
    if [ "$sig" = INT ]; then
        [ -n "$fport" ] || fail "the other namespace's connection did not happen"
        # (below the headings: the legend's example port may be the same number)
        ! sed -n '/^   time  client /,$p' "$T/watch.out" | grep -q ":$fport\\b" ||
            fail "the watch showed the other namespace's connection (port $fport)"
        note test "the other namespace's connection (client port $fport) is not shown"
    fi
    stop watch "$sig"
    wait_exit watch
    case $sig in INT) [ "$STATUS" = 130 ] ;; TERM) [ "$STATUS" = 143 ] ;; HUP) [ "$STATUS" = 129 ] ;; esac ||
        fail "watch ended with $STATUS after SIG$sig"
    left=$(alive $kids)
    [ -z "$left" ] || fail "after SIG$sig still running: $left"
    [ ! -e "$inst" ] || fail "after SIG$sig the trace instance $inst is still there"
    expect watch '^--- the states each side went through'
    note test "SIG$sig: no tcpdump, no trace instance left (${inst##*/} removed), the summary shown"
done

# A SIGTERM at once; a kill -9 once it captures: nothing of ours stays.
for sig in TERM KILL; do
    start watch "$watch" -p 010
    [ "$sig" = KILL ] && wait_for watch 'capture: (states|no state)' && expect watch '^watching port 10:'
    kids=$(descendants "$(pid_of watch)")
    stop watch "$sig"
    wait_exit watch
    poll 3 "the capture processes of a watch killed with SIG$sig to end" none_alive $kids
    for p in $kids; do
        if [ -n "$(instances "$p")" ]; then
            fail "after SIG$sig: the trace instance of $p is still there"
        fi
    done
    note test "SIG$sig: nothing left"
done
pass
