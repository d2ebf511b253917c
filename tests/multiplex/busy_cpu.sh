#!/usr/bin/env bash
# demo: mux-busy-cpu — the notes' 非阻塞忙轮询: with one idle client, busypollserver is runnable at every look and burns CPU, pollserver sleeps (the kernel's process states and CPU times)
# Both servers have one client that says nothing for a while. busypollserver
# tries accept() and read() again and again (each returns EAGAIN): it never
# sleeps, the kernel shows it runnable (state R: on a CPU, or waiting for
# one on a loaded machine) whenever we look; pollserver sleeps in poll()
# (state S) until something happens. The CPU time each has used over the
# wait (/proc/PID/schedstat): busypollserver's at least 10 times
# pollserver's; their stats lines (getrusage) print the totals.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
no_valgrind "CPU times"

# on_cpu NAME: nanoseconds NAME has spent on a CPU so far (schedstat).
on_cpu() { local ns; read -r ns _ <"/proc/$(pid_of "$1")/schedstat" && echo "$ns"; }
# runnable PID: its state now is R (running or runnable; S: asleep...).
# (read in bash: no subshell per look)
runnable() { local st; read -r _ _ st _ <"/proc/$1/stat" && [ "$st" = R ]; }

for s in pollserver busypollserver; do # (the spinner last: it spins from its start)
    start "$s" "$s" -p 0
    ready "$s"
    start "c-$s" graceclient -p "$PORT" -w 0 127.0.0.1
    send "c-$s" hello
    wait_for "c-$s" '^hello$'
done
note test "both have one idle client; waiting"
# (0.15 s, 15 looks: the spinner burns a core all the while)
end=$((${EPOCHREALTIME/./} + $(awk -v s="$(timer 0.15 1)" 'BEGIN { printf "%d", s * 1e6 }')))
b_pid=$(pid_of busypollserver) p_pid=$(pid_of pollserver)
b_cpu=$(on_cpu busypollserver) p_cpu=$(on_cpu pollserver)
samples=0 b_r=0 p_r=0
while [ "${EPOCHREALTIME/./}" -lt "$end" ]; do # a look every 10 ms
    samples=$((samples + 1))
    ! runnable "$b_pid" || b_r=$((b_r + 1))
    ! runnable "$p_pid" || p_r=$((p_r + 1))
    nap 0.01
done
b_cpu=$(($(on_cpu busypollserver) - b_cpu)) p_cpu=$(($(on_cpu pollserver) - p_cpu))
note test "in $samples looks: busypollserver runnable $b_r times, pollserver $p_r; on a CPU meanwhile: $((b_cpu / 1000)) us and $((p_cpu / 1000)) us"
[ $((b_r * 10)) -ge $((samples * 8)) ] || fail "busypollserver was runnable in only $b_r of $samples looks"
[ $((p_r * 10)) -le "$samples" ] || fail "pollserver was runnable in $p_r of $samples looks"
[ "$b_cpu" -gt 0 ] && [ "$b_cpu" -ge $((10 * p_cpu)) ] || fail "busypollserver's CPU time is not 10 times pollserver's"
for s in busypollserver pollserver; do
    kill -TERM "$(pid_of "$s")" # (not `stop`: busypollserver never sleeps)
    expect_exit "$s" 0
    expect "$s" '^served 1 clients, 1 reads; CPU '
done
expect busypollserver '^busy polling: [0-9]{4,} tries found nothing$'

# Their stats lines say the same in total (startup included, which under a
# sanitizer or a loaded machine is most of pollserver's: no ratio here).
note test "stats: $(grep -h '^served ' "$T/busypollserver.out" "$T/pollserver.out" | sed 's/.*CPU \([0-9.]*\) s.*/\1 s/' | tr '\n' ' ')"
pass
