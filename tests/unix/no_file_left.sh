#!/usr/bin/env bash
# No socket file is left behind, whatever ends the programs short of
# SIGKILL: each of SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2 and
# SIGALRM ends unixdataserver, unixstreamserver and unixdataclient the
# normal way (exit 0, the server's path and the client's private
# directory removed). So does a stdout whose reader is gone
# (`unixdataserver D | head -1`): SIGPIPE is ignored and the failed print
# ends the program with `stdout failed: ...`, exit 1, files
# removed.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

export TMPDIR=$T/tmp
mkdir "$TMPDIR" || fail "mkdir $TMPDIR"
gone() { [ ! -e "$1" ] || fail "$1 is still there after $2"; }
nothing_left() {
    local left
    left=$(find "$T" -type s; ls -A "$TMPDIR")
    [ -z "$left" ] || fail "left behind after $1: $left"
}

# The seven signals side by side (each its own three programs and paths):
# the same checks as one after another, in a seventh of the time.
sigs=(HUP INT QUIT TERM USR1 USR2 ALRM)
for sig in "${sigs[@]}"; do
    start d$sig unixdataserver "$T/d$sig.sock"
    start s$sig unixstreamserver "$T/s$sig.sock"
done
for sig in "${sigs[@]}"; do
    ready d$sig
    start c$sig unixdataclient "$T/d$sig.sock"
    ready s$sig
done
declare -A dir=()
for sig in "${sigs[@]}"; do
    wait_for c$sig '^bound to ' # its path made, waiting for a line
    dir[$sig]=${MATCHED#bound to } dir[$sig]=${dir[$sig]%/*}
    [[ ${dir[$sig]} == "$TMPDIR"/unixdataclient.* ]] || fail "client bound to ${MATCHED#bound to }"
done
for sig in "${sigs[@]}"; do
    stop c$sig $sig && expect_exit c$sig 0
    stop d$sig $sig && expect_exit d$sig 0
    stop s$sig $sig && expect_exit s$sig 0
    gone "${dir[$sig]}" "SIG$sig to unixdataclient"
    gone "$T/d$sig.sock" "SIG$sig to unixdataserver"
    gone "$T/s$sig.sock" "SIG$sig to unixstreamserver"
done
nothing_left "the signals"

# stdout to a reader that leaves after one line: a FIFO we read one line
# from, then close (what `| head -1` does). Then the next print fails.
mkfifo "$T/out" || fail "mkfifo"
start server unixdataserver "$T/d.sock"
ready server
timeout 10 "$BIN/unixdataserver" "$T/d2.sock" >"$T/out" 2>"$T/d2.err" &
pid=$!
read -r first <"$T/out" # head -1
[[ $first == "bound to $T/d2.sock" ]] || fail "unixdataserver | head -1 read: $first"
start client unixdataclient -t 1 "$T/d2.sock"
send client g1 # the server's "Receive: g1" finds no reader
wait $pid
rc=$?
[ $rc = 1 ] || fail "unixdataserver | head -1: exit $rc: $(cat "$T/d2.err")"
grep -Eqx 'stdout failed: (Broken pipe \(32\)|an earlier write was lost)' "$T/d2.err" || fail "server stderr: $(cat "$T/d2.err")"
gone "$T/d2.sock" "unixdataserver | head -1"
eof client && wait_exit client

# The client likewise: `unixdataclient D | head -1`.
mkfifo "$T/in.fifo" && exec {in}<>"$T/in.fifo" || fail "cannot make the client's stdin"
timeout 10 "$BIN/unixdataclient" "$T/d.sock" <"$T/in.fifo" >"$T/out" 2>"$T/c.err" &
pid=$!
read -r first <"$T/out"
[[ $first == "bound to $TMPDIR"/unixdataclient.* ]] || fail "unixdataclient | head -1 read: $first"
printf 'g2\n' >&$in # "now sending g2" finds no reader
wait $pid
rc=$?
exec {in}>&-
[ $rc = 1 ] || fail "unixdataclient | head -1: exit $rc: $(cat "$T/c.err")"
grep -Eqx 'stdout failed: (Broken pipe \(32\)|an earlier write was lost)' "$T/c.err" || fail "client stderr: $(cat "$T/c.err")"
stop server INT && expect_exit server 0
nothing_left "| head -1"
pass
