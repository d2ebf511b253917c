#!/usr/bin/env bash
# demo: mux-emfile — out of descriptors: pollserver -E spins at 100% CPU (accept fails with EMFILE, the connection stays queued, the listener stays readable); the default gives up a spare descriptor to close the surplus at once, and sleeps
# Under a limit of 24 open files, 30 clients connect. Once the server's
# descriptors are all in use, accept() fails with EMFILE and leaves the
# connection in the accept queue (ss: the listener's Recv-Q), so poll()
# reports the listener readable again at once: -E spins, burning a CPU
# (its CPU time over the wait). By default pollserver keeps a spare
# descriptor: it closes it, accepts the surplus connection, closes that
# (a `refused ...: no descriptor left` line) and opens the spare again:
# the queue drains and the server sleeps. "Spins" is the scheduler's view
# (/proc/PID/schedstat): over the wait, -E is runnable (on a CPU or waiting
# for one) at least 80% of the time; the default is on a CPU under 5%.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
no_valgrind "CPU times"
need prlimit

# listener_queue: the listener's Recv-Q (connections waiting for accept()).
listener_queue() { ss -Hltn "( sport = :$PORT )" | awk '{ print $2 }'; }
# sched NAME: "NS_ON_CPU NS_WAITING" so far (the kernel's schedstat).
sched() { local a b; read -r a b _ <"/proc/$(pid_of "$1")/schedstat" && echo "$a $b"; }
window=$(timer 0.6 1)

for mode in spin spare; do
    flags=()
    [ "$mode" = spare ] || flags=(-E)
    note test "--- pollserver ${flags[*]}, at most 24 open files"
    start server "$(command -v prlimit)" --nofile=24 "$BIN/pollserver" -p 0 "${flags[@]}"
    ready server
    start load loadclient -p "$PORT" -i 30 -a 0 -d 0.1 -t "$(timer 1 3)" 127.0.0.1
    expect server '^accept failed: Too many open files \(24\)$'
    if [ "$mode" = spin ]; then
        wait_true "connections left in the accept queue" [ "$(listener_queue)" -gt 0 ]
    else
        wait_true "the accept queue drained" [ "$(listener_queue)" = 0 ]
        wait_true "30 connections accepted or refused" [ $(($(grep -c '^connection from ' "$T/server.out") + $(grep -c '^refused ' "$T/server.out"))) = 30 ]
    fi
    note ss "listener: $(ss -Hltn "( sport = :$PORT )")"
    # What the server does while nothing changes.
    read -r run0 wait0 <<<"$(sched server)"
    t0=${EPOCHREALTIME/./}
    nap "$window"
    read -r run1 wait1 <<<"$(sched server)"
    wall=$(((${EPOCHREALTIME/./} - t0) * 1000)) # ns
    run=$((run1 - run0)) waited=$((wait1 - wait0))
    note test "over $((wall / 1000000)) ms: on a CPU $((run / 1000000)) ms, waiting for one $((waited / 1000000)) ms"
    if [ "$mode" = spin ]; then
        [ $(((run + waited) * 10)) -ge $((wall * 8)) ] ||
            fail "pollserver -E was runnable only $(((run + waited) * 100 / wall))% of the wait: it should spin"
        [ "$(listener_queue)" -gt 0 ] || fail "the accept queue drained"
    else
        [ $((run * 20)) -le "$wall" ] || fail "pollserver was on a CPU $((run / 1000000)) ms: it should sleep"
        expect server '^refused 127\.0\.0\.1:[0-9]+: no descriptor left \([0-9]+ clients\)$'
        expect load '^idle 30: [0-9]+ answered, [1-9][0-9]* closed by the server, 0 unanswered$'
    fi
    kill -TERM "$(pid_of server)" # (not `stop`: a spinning server never sleeps)
    expect_exit server 0
    expect server '^served [0-9]+ clients, [0-9]+ reads; CPU '
    expect_exit load 0
done
pass
