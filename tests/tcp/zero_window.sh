#!/usr/bin/env bash
# demo: tcp-zero-window — the reader stops reading: its window closes (win 0), the sender probes, then the window reopens
# tcpserver -f waits before its first read; its receive buffer (small, -R)
# fills and it advertises a window of 0. The sender's data stays in its
# send buffer; its persist timer fires window probes (ss -o:
# timer:(persist,…,probes)), each answered "win 0" again. When reading
# starts, a window update reopens the window and the rest flows.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

bytes=65536
pause=$(timer 0.6 5) # the first window probe leaves about 0.2 s after the window closed
start server tcpserver -p 0 -n 1 -d 0 -R 4096 -f "$pause"
ready server
expect server '^SO_RCVBUF: asked 4096 bytes, the kernel gave 8192$'

# The wire in tcpdump's own words (wirecap's view has no window field).
dump=
if command -v tcpdump >/dev/null 2>&1 && real_root; then
    start dump "$(command -v tcpdump)" -i lo -n -l --immediate-mode "tcp port $PORT"
    wait_for dump '^listening on' && dump=1
else
    note test "(no wire view: tcpdump missing or not real root; ss checks only)"
fi

start client tcpclient -p "$PORT" -s $bytes -W 4096 127.0.0.1
expect server "^waiting $pause s before the first read \\(-f\\)\$"
# Not silent: connected, and now sending (blocked in send(), see below).
wait_for client "^connected, sending $bytes bytes\$"
[ -z "$dump" ] || wait_for dump "127\\.0\\.0\\.1\\.$PORT > .* win 0,"

# The sender: data it cannot send (Send-Q), the persist timer, probes sent.
# (The timer's last field counts probes not answered yet: each answer resets
# it, so it shows 0 or 1 here; the probes themselves are counted on the wire.)
persist() { ss -Htno "( dport = :$PORT )" | grep -Eq 'timer:\(persist,'; }
wait_true "the client's persist timer (ss -o)" persist
note ss "client: $(ss -Htno "( dport = :$PORT )" | tr -s ' \t' ' ')"
note ss "server: $(ss -Htn "( sport = :$PORT )" | tr -s ' \t' ' ')"
running client || fail "the client finished while the window was closed"
expect_not server '^1K read for'

# Reading starts: everything arrives.
expect_exit client 0 $((pause + WAIT_SECS))
expect_exit server 0
expect server "^client closed, $bytes bytes read\$"

if [ -n "$dump" ]; then
    stop dump INT
    wait_exit dump
    # From the first "win 0" to the first data after it: window probes (the
    # client's 0-byte segments), each answered "win 0", then a window update.
    awk -v s="127.0.0.1.$PORT >" '
        !on && index($0, s) && / win 0,/ { on = 1; next }
        on && !index($0, s) && / length 0$/ { probes++ }
        on && index($0, s) && / win 0,/ { zero++ }
        on && index($0, s) && / win [1-9][0-9]*,/ { reopened = 1; exit }
        END { printf "%d %d %d\n", probes, zero, reopened }' "$T/dump.out" >"$T/counts"
    read -r probes zero reopened <"$T/counts"
    note test "on the wire: $probes window probe(s), answered by $zero more 'win 0', then the window reopened ($reopened)"
    [ "$probes" -ge 1 ] && [ "$zero" -ge 1 ] && [ "$reopened" = 1 ] ||
        fail "expected probes answered by win 0, then a window update (probes $probes, win 0 $zero, reopened $reopened)"
fi
pass
