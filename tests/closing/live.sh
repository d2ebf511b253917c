#!/usr/bin/env bash
# tests/demo --live: close-vs-shutdown in a detached tmux session on a
# private socket; the panes show the two real programs' terminals.
# timeout: 60
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
need tmux

sock=sock-live-$$-$RANDOM
on_exit 'tmux -L "$sock" kill-server'
pane() { tmux -L "$sock" capture-pane -p -J -S - -t "demo:0.$1"; }
DEMO_TMUX_SOCKET=$sock \
    "$_here/demo" --live --detach --fast close-vs-shutdown >"$T/demo.out" 2>&1 ||
    fail "tests/demo --live failed: $(cat "$T/demo.out")"

# the ladder pane says when the scenario is over (tests/live: the channel
# demo-ended); then the verdict is there, or comes as tmux reads the pane
timeout 40 tmux -L "$sock" wait-for demo-ended
for ((i = 0; i < 50; i++)); do # the narration pane (2) ends with the verdict
    pane 2 | grep -Eq -- '--- close_vs_shutdown: all checks passed|FAIL' && break
    sleep 0.1 # poll
done
pane 2 >"$T/timeline.pane"
note test "timeline pane: $(grep -c . "$T/timeline.pane") lines"
grep -q -- '--- close_vs_shutdown: all checks passed' "$T/timeline.pane" ||
    fail "the live demo did not pass: $(tail -n 20 "$T/timeline.pane")"
pane 0 >"$T/server.pane"
pane 1 >"$T/client.pane"
grep -Eq '^\$ graceserver -n 2 -d 0.2$' "$T/server.pane" || fail "no server command, as a student types it, in the left pane"
grep -Eq '^\$ graceclient -w 0.3 127.0.0.1$' "$T/client.pane" || fail "no client command, as a student types it, in the right pane"
grep -q '^error write: Broken pipe (32)$' "$T/server.pane" || fail "left pane lacks the EPIPE"
grep -q '^client closed$' "$T/server.pane" || fail "left pane lacks 'client closed'"
grep -q '^shutdown$' "$T/client.pane" || fail "the typed 'shutdown' is not in the right pane"
grep -q '^Hi, data2$' "$T/client.pane" || fail "right pane lacks 'Hi, data2'"
grep -q '^server terminated$' "$T/client.pane" || fail "right pane lacks 'server terminated'"
pass
