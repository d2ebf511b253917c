#!/usr/bin/env bash
# demo: mux-busy-cpu — the notes' 非阻塞忙轮询: with one idle client, busypollserver burns a CPU while pollserver sleeps (CPU time from each one's stats line)
# Both servers have one client that says nothing for a while. busypollserver
# tries accept() and read() again and again (each returns EAGAIN), and
# wants a CPU the whole time; pollserver sleeps in poll() until something
# happens. The kernel's scheduler statistics (/proc/PID/schedstat: time on
# a CPU, time waiting for one) over the wait: busypollserver runnable at
# least 80% of it (on a CPU or queued for one: a loaded machine shares its
# CPUs, a spinner still never sleeps), and at least 10 times pollserver's
# CPU time; their stats lines (getrusage) say the same.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
no_valgrind "CPU times"

# sched NAME: "NS_ON_CPU NS_WAITING" so far (the kernel's schedstat).
sched() { local a b; read -r a b _ <"/proc/$(pid_of "$1")/schedstat" && echo "$a $b"; }

for s in busypollserver pollserver; do
    start "$s" "$s" -p 0
    ready "$s"
    start "c-$s" graceclient -p "$PORT" -w 0 127.0.0.1
    send "c-$s" hello
    wait_for "c-$s" '^hello$'
done
note test "both have one idle client; waiting"
window=$(timer 0.5 1)
read -r b_run0 b_wait0 <<<"$(sched busypollserver)"
read -r p_run0 _ <<<"$(sched pollserver)"
t0=${EPOCHREALTIME/./}
nap "$window"
read -r b_run1 b_wait1 <<<"$(sched busypollserver)"
read -r p_run1 _ <<<"$(sched pollserver)"
wall=$(((${EPOCHREALTIME/./} - t0) * 1000)) # ns
b_run=$((b_run1 - b_run0)) b_wait=$((b_wait1 - b_wait0)) p_run=$((p_run1 - p_run0))
note test "over $((wall / 1000000)) ms: busypollserver on a CPU $((b_run / 1000000)) ms + waiting for one $((b_wait / 1000000)) ms; pollserver on a CPU $((p_run / 1000)) us"
[ $(((b_run + b_wait) * 10)) -ge $((wall * 8)) ] || fail "busypollserver was runnable only $(((b_run + b_wait) * 100 / wall))% of the wait"
[ "$b_run" -ge $((10 * p_run)) ] || fail "busypollserver's CPU time is not 10 times pollserver's"
# The kernel's view meanwhile: busypollserver running (R), pollserver asleep (S).
read -r _ _ bstate _ <"/proc/$(pid_of busypollserver)/stat"
read -r _ _ pstate _ <"/proc/$(pid_of pollserver)/stat"
note test "states: busypollserver $bstate, pollserver $pstate"
[ "$pstate" = S ] || fail "pollserver is in state $pstate, not asleep (S)"
for s in busypollserver pollserver; do
    kill -TERM "$(pid_of "$s")" # (not `stop`: busypollserver never sleeps)
    expect_exit "$s" 0
    expect "$s" '^served 1 clients, 1 reads; CPU '
done
expect busypollserver '^busy polling: [0-9]{4,} tries found nothing$'

cpu() { sed -nE 's/^served .* CPU ([0-9.]+) s .*/\1/p' "$T/$1.out"; }
busy=$(cpu busypollserver) calm=$(cpu pollserver)
note test "CPU: busypollserver $busy s, pollserver $calm s"
awk -v b="$busy" -v c="$calm" 'BEGIN { exit !(b >= 10 * c) }' ||
    fail "busypollserver used $busy s of CPU, pollserver $calm s: expected at least 10 times more"
pass
