#!/usr/bin/env bash
# demo: unix-stop-continue — Ctrl-Z then fg while the datagram client waits for its reply changes nothing
# unixdataclient waits for each reply with a timeout (SO_RCVTIMEO). A call
# with a timeout that is stopped (SIGSTOP, Ctrl-Z) and continued (SIGCONT,
# fg) returns EINTR although no handler ran; the client must not take that
# for Ctrl-C: it goes on waiting for what is left of -t, and every line is
# still sent and answered. Here the server is stopped too, so the client
# is sure to be waiting in recvfrom when it is stopped. The stream pair
# (no timeouts: the kernel restarts its calls) is checked the same way.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

sock=$T/d.sock
export TMPDIR=$T/tmp
mkdir "$TMPDIR" || fail "mkdir $TMPDIR"
start server unixdataserver "$sock"
ready server
start client unixdataclient -t 30 "$sock"
wait_for client '^bound to '

stop server STOP && stopped server # line1 waits in its queue, unanswered
send client line1 line2 line3
wait_for client '^now sending line1$'
stop client STOP && stopped client # Ctrl-Z
stop client CONT                   # fg
stop server CONT
for m in line1 line2 line3; do wait_for client "^Hi, $m\$"; done
eof client
expect_exit client 0
diff <(printf '%s\n' 'now sending line1' 'Hi, line1' 'now sending line2' 'Hi, line2' \
    'now sending line3' 'Hi, line3') <(sed 1d "$T/client.out") >&2 ||
    fail "client transcript differs (above)"
stop server INT && expect_exit server 0
left=$(ls -A "$TMPDIR" | grep '^unixdataclient') # (not valgrind's vgdb files of the running server)
[ -z "$left" ] || fail "the client left $left in TMPDIR"

start server unixstreamserver "$T/s.sock"
ready server
start client unixstreamclient "$T/s.sock"
send client g1 && wait_for client '^Hi, g1$'
stop server STOP && stopped server # blocked in read, then stopped
send client g2 g3
stop client STOP && stopped client # waiting for the reply to g2
stop client CONT
stop server CONT
wait_for client '^Hi, g3$'
eof client && expect_exit client 0
expect_exit server 0
diff <(printf 'Hi, %s\n' g1 g2 g3) <(grep -v '^no answer yet: ' "$T/client.out") >&2 || fail "stream client transcript differs (above)"
pass
