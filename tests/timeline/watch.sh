#!/usr/bin/env bash
# scripts/watch -p PORT, as the third terminal of a two-terminal recipe: it
# shows the SYN, the states of a scripted connection and its close, and after
# SIGINT (Ctrl-C) and after SIGTERM it leaves no trace instance and no
# tcpdump behind. Needs root, tcpdump and tracefs.
# timeout: 40
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
need tcpdump
real_root || skip "capturing needs root"
watch=$_here/../scripts/watch

descendants() { # PID: every process below it
    local p kids
    kids=$(ps -e -o pid=,ppid= | awk -v p="$1" '$2 == p { print $1 }')
    for p in $kids; do echo "$p"; descendants "$p"; done
}

start server graceserver -p 0 -n 2 -d 0
ready server
for sig in INT TERM; do
    start watch "$watch" -p "$PORT"
    wait_for watch 'capture: (states|no state)'
    grep -q 'capture: states' "$T/watch.out" || skip "no state lines: $(grep 'capture:' "$T/watch.out")"
    kids=$(descendants "$(pid_of watch)")
    inst=$(for p in $kids; do ls -d /sys/kernel/tracing/instances/sockcap-"$p"-* 2>/dev/null; done)
    [ -n "$inst" ] || fail "no trace instance while watching"
    pgrep -P "$(echo $kids | tr ' ' ,)" -x tcpdump >/dev/null || fail "no tcpdump while watching"
    start client graceclient -p "$PORT" 127.0.0.1
    send client data1 shutdown
    expect_exit client 0
    wait_for watch '│──SYN──+▶│'
    wait_for watch '\[SYN-SENT → ESTABLISHED\]'
    wait_for watch '│◀─+PSH,ACK len 9──│'
    wait_for watch '\[ESTABLISHED → FIN-WAIT-1\]'
    wait_for watch '\[CLOSE-WAIT → LAST-ACK\]'
    wait_for watch '\[FIN-WAIT-2 → TIME-WAIT\]'
    stop watch "$sig"
    wait_exit watch
    case $sig in INT) [ "$STATUS" = 130 ] ;; TERM) [ "$STATUS" = 143 ] ;; esac ||
        fail "watch ended with $STATUS after SIG$sig"
    for p in $kids; do
        # a zombie waiting for its new parent to reap it is not running
        if ps -o stat= -p "$p" 2>/dev/null | grep -qv '^Z'; then fail "after SIG$sig: $(ps -o args= -p "$p") is still running"; fi
    done
    [ ! -e "$inst" ] || fail "after SIG$sig the trace instance $inst is still there"
    note test "SIG$sig: no tcpdump, no trace instance left (${inst##*/} removed)"
done
pass
