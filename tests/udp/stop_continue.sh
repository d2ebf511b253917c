#!/usr/bin/env bash
# Stop and continue (Ctrl-Z, then fg; here SIGSTOP and SIGCONT) change
# nothing: a server stopped while blocked in recvfrom, a client stopped
# while it waits for a reply, both go on as if nothing happened (no handler
# runs, so the kernel resumes recvfrom: no EINTR). udpconnectserver's -d
# pause is not cut short either: nanosleep is never restarted after a stop
# signal, so the server sleeps what is left of it.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

# pause_cont NAME: stop NAME, wait until it is stopped, continue it.
pause_cont() { stop "$1" STOP && stopped "$1" && stop "$1" CONT; }

start server udpserver -p 0
ready server
pause_cont server # blocked in recvfrom, no datagram yet
start client udpclient -p "$PORT" 127.0.0.1
send client g1 && wait_for client '^Hi, g1$'
stop server STOP && stopped server
send client g2 && wait_for client '^send bytes: 2$' # g2 waits in the server's queue
pause_cont client                                   # the client is in recvfrom
stop server CONT
wait_for client '^Hi, g2$'
eof client && expect_exit client 0
diff <(printf '%s\n' 'now sending g1' 'send bytes: 2' 'Hi, g1' 'now sending g2' 'send bytes: 2' \
    'Hi, g2') "$T/client.out" >&2 || fail "client transcript differs (above)"
stop server INT && expect_exit server 0
expect server '^received 2 datagrams$'

# udpconnectserver, -d 0.5: stopped and continued during the pause before a
# reply, the reply still comes no sooner than 0.5 s after the message.
start server udpconnectserver -p 0 -d 0.3
ready server
expect server '^each reply waits 0\.3 s \(-d\)$'
start c1 udpconnectclient2 -p "$PORT" 127.0.0.1
t0=$(now_ms)
send c1 g1 && wait_for server '^connected to '
pause_cont server
wait_for c1 '^Hi, g1$'
took=$(($(now_ms) - t0))
note test "reply after $took ms (-d 0.3)"
[ "$took" -ge 300 ] || fail "the reply came after $took ms: the stop cut the 0.3 s pause short"
pause_cont server # now blocked in recvfrom, connected
send c1 goodbye && wait_for c1 '^Hi, goodbye$'
expect_exit server 0
expect server '^received 2 datagrams$'
eof c1 && expect_exit c1 0
pass
