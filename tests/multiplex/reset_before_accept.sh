#!/usr/bin/env bash
# demo: mux-reset-before-accept — a client connects and resets (SO_LINGER 0) before the server accepts: on Linux accept() still returns it and the first read() fails with ECONNRESET; each kind of server goes on serving
# Readiness is not a promise. A client connects while the server is stopped
# (SIGSTOP): the kernel completes the handshake and queues the connection
# (the listener's Recv-Q is 1). The client then aborts it (SO_LINGER {1, 0}
# and close(): an RST). On Linux the dead connection stays in the queue:
# accept() returns it and the first read() fails with ECONNRESET (104); on
# the BSDs and macOS accept() fails with ECONNABORTED instead, or skips it.
# Either way no server may die or block: a new client is answered.
# timeout: 60
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
# is VALUE COMMAND...: COMMAND prints VALUE (a condition wait_true can
# retry: "$(...)" in its arguments would be worked out once, before it).
is() { [ "$("${@:2}")" = "$1" ]; }

# listener_queue: the listener's Recv-Q (read in bash: no awk per look).
listener_queue() { local q; read -r _ q _ <<<"$(ss -Hltn "( sport = :$PORT )")" && echo "$q"; }
# queued NAME: wait until NAME's connection is in the accept queue; if it
# never comes, say where NAME and the kernel were before failing.
queued() {
    within "$WAIT_SECS" eval '[ "$(listener_queue)" = 1 ]' && return 0
    local pid
    pid=$(pid_of "$1")
    note test "$1 in $(cat "/proc/$pid/wchan" 2>/dev/null), syscall $(cut -d' ' -f1 "/proc/$pid/syscall" 2>/dev/null)"
    note ss "$(ss -tanoi "( sport = :$PORT or dport = :$PORT )" | tr '\n' ';')"
    fail "$1's connection never reached the accept queue"
}

# One of each way to accept: blocking (the first read in the process, in a
# child), select, poll, epoll accepting until EAGAIN.
servers=(blockingserver forkserver selectserver pollserver "epollserver -e")
[ "$DEMO" != 1 ] || servers=(selectserver)
# Under valgrind (every step 10 times slower): fewer.
[ -z "${VALGRIND:-}" ] || servers=(blockingserver pollserver "epollserver -e")
for srv in "${servers[@]}"; do
    note test "--- $srv"
    start server $srv -p 0
    ready server
    stop server STOP
    stopped server
    start c1 graceclient -p "$PORT" -w 0 127.0.0.1
    queued c1
    send c1 abort
    expect_exit c1 0
    # Reset, yet still in the accept queue (Linux).
    listener=$(ss -Hltn "( sport = :$PORT )")
    note ss "listener: $listener"
    read -r _ q _ <<<"$listener"
    [ "$q" = 1 ] || fail "$srv: the reset connection left the accept queue"
    stop server CONT
    expect server '^connection from 127\.0\.0\.1:[0-9]+ \(fd [0-9]+, 1 clients\)$'
    expect server '^read from 127\.0\.0\.1:[0-9]+ failed: .* \(104\)$'
    expect server '^client 127\.0\.0\.1:[0-9]+ closed \(0 clients\)$'
    wait_true "the accept queue empty" is 0 listener_queue
    # Still serving.
    start c2 graceclient -p "$PORT" -w 0 127.0.0.1
    send c2 still-there
    wait_for c2 '^still-there$'
    send c2 close
    expect_exit c2 0
    wait_count server '^client 127\.0\.0\.1:[0-9]+ closed ' 2
    stop server
    expect_exit server 0
    expect server '^served 2 clients, 1 reads; CPU '
done
pass
