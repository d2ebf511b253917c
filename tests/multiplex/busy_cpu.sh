#!/usr/bin/env bash
# demo: mux-busy-cpu — the notes' 非阻塞忙轮询: with one idle client, busypollserver burns a CPU while pollserver sleeps (CPU time from each one's stats line)
# Both servers have one client that says nothing for a while. busypollserver
# tries accept() and read() again and again (each returns EAGAIN), and uses
# a CPU the whole time; pollserver sleeps in poll() until something happens.
# Their stats lines (getrusage) are compared: at least 10 times more CPU.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
no_valgrind "CPU times"

for s in busypollserver pollserver; do
    start "$s" "$s" -p 0
    ready "$s"
    start "c-$s" graceclient -p "$PORT" -w 0 127.0.0.1
    send "c-$s" hello
    wait_for "c-$s" '^hello$'
done
note test "both have one idle client; waiting"
nap "$(timer 0.5 1)"
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
awk -v b="$busy" -v c="$calm" 'BEGIN { exit !(b >= 0.1 && b >= 10 * c) }' ||
    fail "busypollserver used $busy s of CPU, pollserver $calm s: expected at least 10 times more (and 0.1 s)"
pass
