#!/usr/bin/env bash
# Ctrl-Z then fg (SIGSTOP, SIGCONT) changes nothing, whatever a program is
# blocked in: accept, recvfrom, select, read, or recvfrom with a timeout
# (SO_RCVTIMEO: there the kernel returns EINTR after SIGCONT even with no
# handler, which once ended unixdataclient silently with lines unsent).
# After each pause the program carries on with its next exchange, and no
# `Interrupted system call` is ever printed.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

# pause NAME: what Ctrl-Z then fg does to NAME.
pause() { stop "$1" STOP && stopped "$1" && stop "$1" CONT; }
# accepted PORT: the listener's accept queue is empty again (or, for the
# one-client addressused pair, the listener is closed after its accept).
# (ss's Recv-Q, read in bash: no awk. Not /proc/net/tcp: reading it walks
# the host's whole connection table, more system time than ss's netlink.)
accepted() {
    local queued
    read -r _ queued _ <<<"$(ss -Htln "sport = :$1")"
    [ -z "$queued" ] || [ "$queued" = 0 ]
}
intact() { # NAME: still running, no EINTR reported
    running "$1" || fail "$1 ended after Ctrl-Z/fg (status $(cat "$T/$1.rc"))"
    expect_not "$1" 'Interrupted|\(4\)$'
}

# TCP servers blocked in accept().
for prog in tcpserver "graceserver -n 0" keepaliveserver nagleserver addressused addressused2 "pingserver 0"; do
    start server $prog -p 0 && ready server && pause server
    exec {fd}<>"/dev/tcp/127.0.0.1/$PORT" || fail "$prog: cannot connect after Ctrl-Z/fg"
    wait_true "$prog accepts after Ctrl-Z/fg" accepted "$PORT"
    exec {fd}>&-
    [ "$prog" = addressused ] || [ "$prog" = addressused2 ] || intact server
    stop server KILL && wait_exit server
done

# Datagram servers blocked in recvfrom().
start server udpserver -p 0 && ready server && pause server
printf g1 >"/dev/udp/127.0.0.1/$PORT" && expect server '^received 2 bytes: g1$' && intact server
stop server KILL && wait_exit server
start server udpconnectserver -p 0 && ready server && pause server
start client udpconnectclient -p "$PORT" 127.0.0.1 && send client g1
expect server '^received 2 bytes: g1$' && expect client '^Hi, g1$' && intact server
stop client KILL && wait_exit client && stop server KILL && wait_exit server

# Local servers, and clients waiting for a reply: the server is stopped
# while the client waits, the client is paused, then the server resumes.
start server unixdataserver "$T/d.sock" && ready server && pause server
stop server STOP && stopped server
start client unixdataclient -t 5 "$T/d.sock"
send client line1 && pause client && stop server CONT
expect client '^Hi, line1$' && send client line2 && expect client '^Hi, line2$'
intact client && eof client && expect_exit client 0
stop server && wait_exit server
start server unixstreamserver "$T/s.sock" && ready server && pause server
start client unixstreamclient "$T/s.sock" && pause client
send client g1 && expect client '^Hi, g1$' && intact client && intact server
eof client && wait_exit client && expect_exit server 0 # (it serves one client)

start server udpserver -p 0 && ready server && stop server STOP && stopped server
for prog in udpclient udpconnectclient udpconnectclient2; do
    start client $prog -p "$PORT" 127.0.0.1
    send client "g-$prog" && wait_for client "now sending g-$prog" && pause client
    [ "$prog" = udpclient ] && stop server CONT
    expect client "^Hi, g-$prog\$" && intact client
    stop client KILL && wait_exit client
done
stop server && wait_exit server

# TCP clients idle in select() or read().
start server graceserver -p 0 -d 0 && ready server
start client graceclient -p "$PORT" 127.0.0.1 && wait_ss "the connection" state established
pause client && send client data1 && expect client '^Hi, data1$' && intact client
stop client KILL && wait_exit client && stop server KILL && wait_exit server
start server keepaliveserver -p 0 && ready server
start client keepaliveclient -p "$PORT" 127.0.0.1 && wait_ss "the connection" state established
pause client && intact client && stop client KILL && wait_exit client
stop server KILL && wait_exit server
start server pingserver -p 0 0 && ready server
start client pingclient -p "$PORT" -t 0.1 -i 0.2 -n 2 127.0.0.1
wait_for client '^received heartbeat' && pause client
n=$(grep -c '^received heartbeat' "$T/client.out")
wait_count client '^received heartbeat' $((n + 2))
intact client && expect_not client 'connection dead'
stop client KILL && wait_exit client && stop server KILL && wait_exit server
start server nagleserver -p 0 && ready server
start client batchwrite -p "$PORT" 127.0.0.1 && wait_ss "the connection" state established
pause client && send client world && expect server '^received 12 bytes: hello,world$'
intact client && eof client && wait_exit client && stop server && wait_exit server
pass
