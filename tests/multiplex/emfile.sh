#!/usr/bin/env bash
# demo: mux-emfile — out of descriptors: pollserver -E spins at 100% CPU (accept fails with EMFILE, the connection stays queued, the listener stays readable); the default gives up a spare descriptor to close the surplus at once, and sleeps
# Under a limit of 24 open files, 30 clients connect. Once the server's
# descriptors are all in use, accept() fails with EMFILE and leaves the
# connection in the accept queue (ss: the listener's Recv-Q), so poll()
# reports the listener readable again at once: -E spins, burning a CPU
# (its CPU time over the wait). By default pollserver keeps a spare
# descriptor: it closes it, accepts the surplus connection, closes that
# (a `refused ...: no descriptor left` line) and opens the spare again:
# the queue drains and the server sleeps.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
no_valgrind "CPU times"
need prlimit

# listener_queue: the listener's Recv-Q (connections waiting for accept()).
listener_queue() { ss -Hltn "( sport = :$PORT )" | awk '{ print $2 }'; }
ticks_per_s=$(getconf CLK_TCK)
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
    # The CPU time the server uses while nothing changes.
    before=$(cpu_ticks server)
    nap "$window"
    used=$(($(cpu_ticks server) - before))
    note test "CPU over ${window} s: $used ticks ($ticks_per_s per second)"
    if [ "$mode" = spin ]; then
        # At least 40% of a CPU (it would take all of it on an idle machine).
        awk -v u="$used" -v hz="$ticks_per_s" -v w="$window" 'BEGIN { exit !(u >= 0.4 * hz * w) }' ||
            fail "pollserver -E used $used ticks in $window s: it should spin"
        [ "$(listener_queue)" -gt 0 ] || fail "the accept queue drained"
    else
        [ "$used" -le 5 ] || fail "pollserver used $used ticks in $window s: it should sleep"
        expect server '^refused 127\.0\.0\.1:[0-9]+: no descriptor left \([0-9]+ clients\)$'
        expect load '^idle 30: [0-9]+ answered, [1-9][0-9]* closed by the server, 0 unanswered$'
    fi
    kill -TERM "$(pid_of server)" # (not `stop`: a spinning server never sleeps)
    expect_exit server 0
    expect server '^served [0-9]+ clients, [0-9]+ reads; CPU '
    expect_exit load 0
done
pass
