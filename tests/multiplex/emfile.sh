#!/usr/bin/env bash
# demo: mux-emfile — out of descriptors: pollserver -E spins at 100% CPU (accept fails with EMFILE, the connection stays queued, the listener stays readable); the default gives up a spare descriptor to close the surplus at once, and sleeps
# Under a limit of 24 open files, 30 clients connect. Once the server's
# descriptors are all in use, accept() fails with EMFILE and leaves the
# connection in the accept queue (ss: the listener's Recv-Q), so poll()
# reports the listener readable again at once: -E spins, burning a CPU
# (its CPU time over the wait). By default pollserver keeps a spare
# descriptor: it closes it, accepts the surplus connection, closes that
# (a `refused ...: no descriptor left` line) and opens the spare again:
# the queue drains and the server sleeps. "Spins" is the kernel's view: a
# look at the server's state every 10 ms finds -E runnable (R: on a CPU or
# waiting for one) at least 80% of the time, the default asleep (S) at
# least 90%, and its CPU time (schedstat) meanwhile next to nothing.
# epollserver -e the same: its accept-until-EAGAIN loop must stop when
# accept() fails with EMFILE and nothing is queued (Linux says EMFILE
# before it looks at the queue, so EAGAIN never comes), and SIGTERM ends it.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
# is VALUE COMMAND...: COMMAND prints VALUE (a condition wait_true can
# retry: "$(...)" in its arguments would be worked out once, before it).
is() { [ "$("${@:2}")" = "$1" ]; }
# answered: connections the server has accepted or refused so far.
answered() { echo $(($(grep -c '^connection from ' "$T/server.out") + $(grep -c '^refused ' "$T/server.out"))); }
more_than_0() { [ "$("$@")" -gt 0 ]; }
no_valgrind "CPU times"
need prlimit

# listener_queue: the listener's Recv-Q (connections waiting for accept()).
listener_queue() { ss -Hltn "( sport = :$PORT )" | awk '{ print $2 }'; }
# on_cpu NAME: nanoseconds NAME has spent on a CPU so far (schedstat).
on_cpu() { local ns; read -r ns _ <"/proc/$(pid_of "$1")/schedstat" && echo "$ns"; }
# runnable NAME SECS: in how many percent of looks (every 10 ms, SECS
# seconds) NAME was runnable (state R).
runnable() {
    local pid st n=0 r=0 end
    pid=$(pid_of "$1")
    end=$((${EPOCHREALTIME/./} + $(awk -v s="$2" 'BEGIN { printf "%d", s * 1e6 }')))
    while [ "${EPOCHREALTIME/./}" -lt "$end" ]; do
        read -r _ _ st _ <"/proc/$pid/stat" && n=$((n + 1)) && [ "$st" = R ] && r=$((r + 1))
        nap 0.01
    done
    echo $((r * 100 / (n > 0 ? n : 1)))
}
# (the spin is looked at for half as long: 10 looks, all at 100% CPU)
window=$(timer 0.2 1) spin_window=$(timer 0.1 1)

for mode in spin spare edge; do
    srv=pollserver flags=()
    [ "$mode" = spin ] && flags=(-E)
    [ "$mode" = edge ] && srv=epollserver flags=(-e) && mode=spare
    note test "--- $srv ${flags[*]}, at most 24 open files"
    start server "$(command -v prlimit)" --nofile=24 "$BIN/$srv" -p 0 "${flags[@]}"
    ready server
    # (-t: how long loadclient waits for the queued ones: longer than we look)
    start load loadclient -p "$PORT" -i 30 -a 0 -d 0.1 -t 5 127.0.0.1
    expect server '^accept failed: .* \(24\)$' # EMFILE (glibc: Too many open files)
    if [ "$mode" = spin ]; then
        wait_true "connections left in the accept queue" more_than_0 listener_queue
    else
        wait_true "the accept queue drained" is 0 listener_queue
        wait_true "30 connections accepted or refused" is 30 answered
    fi
    note ss "listener: $(ss -Hltn "( sport = :$PORT )")"
    # What the server does while nothing changes.
    cpu0=$(on_cpu server)
    look=$window
    [ "$mode" = spin ] && look=$spin_window
    share=$(runnable server "$look")
    cpu=$((($(on_cpu server) - cpu0) / 1000000))
    note test "over $look s: runnable in $share% of the looks, $cpu ms on a CPU"
    if [ "$mode" = spin ]; then
        [ "$share" -ge 80 ] || fail "pollserver -E was runnable in only $share% of the looks: it should spin"
        [ "$(listener_queue)" -gt 0 ] || fail "the accept queue drained"
    else
        [ "$share" -le 10 ] || fail "$srv was runnable in $share% of the looks: it should sleep"
        [ "$cpu" -le 20 ] || fail "$srv was on a CPU $cpu ms: it should sleep"
        expect server '^refused 127\.0\.0\.1:[0-9]+: no descriptor left \([0-9]+ clients\)$'
        expect load '^idle 30: [0-9]+ answered, [1-9][0-9]* closed by the server, 0 unanswered$'
    fi
    if [ "$mode" = spin ]; then
        kill -TERM "$(pid_of load)" # enough: the spin has been seen
        expect_exit load 143
    else
        expect_exit load 0
    fi
    kill -TERM "$(pid_of server)" # (not `stop`: a spinning server never sleeps)
    expect_exit server 0
    expect server '^served [0-9]+ clients, [0-9]+ reads; CPU '
done
pass
