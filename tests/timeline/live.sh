#!/usr/bin/env bash
# tests/demo --live on a projector's 100x30 terminal (detached: LIVE_SIZE):
# the ladder pane keeps its column headings in its border (they cannot
# scroll away) and no line of it is wider than the pane; the client's pane
# shows how each client ended (the first one's end too, before the second
# starts there); the typed line comes before its segment in the timeline;
# and when the scenario ends its temporary directory (sock-live.*) is gone
# and the panes' shims have stopped, not spinning.
# timeout: 60
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
need tmux

sock=sock-live-$$-$RANDOM
on_exit 'tmux -L "$sock" kill-server'
t() { tmux -L "$sock" "$@"; }
pane() { t capture-pane -p -J -S - -t "demo:0.$1"; }
mkdir "$T/tmp"
TMPDIR=$T/tmp LIVE_SIZE=100x30 DEMO_TMUX_SOCKET=$sock \
    "$_here/demo" --live --detach --fast close-vs-shutdown >"$T/demo.out" 2>&1 ||
    fail "tests/demo --live failed: $(cat "$T/demo.out")"
verdict() { pane 2 | grep -Eq -- '--- close_vs_shutdown: all checks passed|FAIL'; }
# the ladder pane says when the scenario is over (tests/live: the channel
# demo-ended); then the verdict is there, or comes as tmux reads the pane
timeout 40 tmux -L "$sock" wait-for demo-ended
POLL_SECS=0.1 poll 5 "the live demo's verdict" verdict # (tmux and grep: not every 10 ms)
pane 2 >"$T/ladder.pane"
grep -q -- '--- close_vs_shutdown: all checks passed' "$T/ladder.pane" ||
    fail "the live demo did not pass: $(tail -n 20 "$T/ladder.pane")"
[ "$(t display -p -t demo '#{window_width}')" = 100 ] || fail "the window is not 100 columns wide"
w=$(t display -p -t demo:0.2 '#{pane_width}')
title=$(t display -p -t demo:0.2 '#{pane_title}')
[[ $title == *"time  client"*"│ server" ]] || fail "the ladder pane's border has no headings: '$title'"
wide=$(perl -CSD -nle "print if length > $w" "$T/ladder.pane" | head -n 1)
[ -z "$wide" ] || fail "a ladder line is wider than its pane ($w): $wide"
pane 1 >"$T/client.pane"
n=$(grep -c '^(graceclient ended: exit status 0)$' "$T/client.pane")
[ "$n" = 2 ] || fail "the client's pane shows $n ends of graceclient, expected 2: $(tail -n 5 "$T/client.pane")"
gone() { [ -z "$(ls -A "$T/tmp")" ]; }
poll 5 "the live demo's directory to go" gone
ended() { pane 0 | grep -q '^(the demo has ended)$' && pane 1 | grep -q '^(the demo has ended)$'; }
POLL_SECS=0.1 poll 5 "the panes' shims to stop" ended
pass
