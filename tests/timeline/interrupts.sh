#!/usr/bin/env bash
# Nothing left behind, whatever ends a scenario: a small scenario (a server,
# the wire and state capture when root can, then a wait in the harness's
# poll loop, where nap spends its time) is interrupted with SIGINT (as a
# Ctrl-C) and SIGTERM at a random moment of that wait, six runs at once; and
# once run as a demo into `head -n 1`, whose end closes its stdout
# (SIGPIPE), its stderr too (the failure timeline then meets the closed
# pipe as well). Each must end with its status (130, 130, 141), leave its
# private directory empty (the scenario's T) and its trace instance removed.
# bash 5.2's `read -t` could crash (SIGSEGV, no cleanup) when a signal
# landed in it; nap no longer uses it. And a trace instance left by a
# wirecap killed outright is removed by the next one (its owner is dead).
# timeout: 30
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
capture=0
if command -v tcpdump >/dev/null 2>&1 && real_root; then capture=1; fi

cat >"$T/scene.sh" <<'END'
#!/usr/bin/env bash
. "$HARNESS"
start server graceserver -p 0 -n 1 -d 0
ready server
if [ "$WITH_CAPTURE" = 1 ] && capture "$PORT"; then pid_of wire >"$MARK.wire"; fi
: >"$MARK"
wait_for server '^never printed$' 20
pass
END

# An instance whose wirecap died without cleaning up (kill -9 of its whole
# group): the next wirecap sweeps it.
stale=
if [ "$capture" = 1 ]; then
    true &
    dead=$!
    wait "$dead"
    stale=/sys/kernel/tracing/instances/sockcap-$dead-0
    mkdir "$stale" 2>/dev/null && on_exit "rmdir '$stale'" || stale=
fi

runs=(INT INT INT TERM INT TERM)
for i in "${!runs[@]}"; do
    mkdir "$T/tmp$i"
    HARNESS=$_here/harness.sh TMPDIR=$T/tmp$i MARK=$T/mark$i WITH_CAPTURE=$((capture && i < 2)) \
        start "s$i" "$(command -v bash)" "$T/scene.sh"
done
for i in "${!runs[@]}"; do
    poll 10 "scenario $i to reach its wait" test -e "$T/mark$i"
    nap "0.0$((RANDOM % 9))" # somewhere in the poll loop
    stop "s$i" "${runs[i]}"
done
for i in "${!runs[@]}"; do
    expect_exit "s$i" 130 10
    left=$(ls -A "$T/tmp$i")
    [ -z "$left" ] || fail "SIG${runs[i]} of run $i left $left in its TMPDIR"
    if [ -s "$T/mark$i.wire" ]; then
        w=$(<"$T/mark$i.wire")
        ! ls -d /sys/kernel/tracing/instances/sockcap-"$w"-* >/dev/null 2>&1 ||
            fail "SIG${runs[i]} of run $i left the trace instance of wirecap $w"
        note test "run $i (SIG${runs[i]}, with capture): nothing left"
    fi
done

[ -z "$stale" ] || [ ! -d "$stale" ] || fail "the stale trace instance ${stale##*/} was not swept"
[ -z "$stale" ] || note test "the stale trace instance ${stale##*/} (its owner dead) was swept"

# A demo into `head -n 1`: SIGPIPE at its next line
mkdir "$T/tmpp"
cat >"$T/pipe.sh" <<'END'
#!/usr/bin/env bash
. "$HARNESS"
start server graceserver -p 0 -n 1 -d 0
ready server
for i in 1 2 3 4 5 6 7 8 9 10; do note test "line $i"; nap 0.05; echo "line $i"; done
pass
END
HARNESS=$_here/harness.sh TMPDIR=$T/tmpp DEMO=1 NETNS=no timeout 20 bash "$T/pipe.sh" 2>&1 | head -n 1 >/dev/null
rc=${PIPESTATUS[0]}
[ "$rc" = 141 ] || fail "the demo into head ended with $rc, expected 141"
left=$(ls -A "$T/tmpp")
[ -z "$left" ] || fail "the demo into head left $left"
note test "SIGPIPE: status 141, nothing left"
pass
