#!/usr/bin/env bash
# A stop signal ends a blocking server even while it is blocked writing to
# a client that never reads (its echo fills the client's receive buffer,
# then the server's send buffer, and write() blocks): SIGTERM interrupts
# the write (EINTR, no SA_RESTART), blockingserver closes the client and
# prints its stats line at once; a forkserver child that gets SIGINT (as
# Ctrl-C sends it to the whole process group) closes its client and exits
# rather than serving on as an orphan.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

BASH_BIN=$(command -v bash)
# Small socket buffers in this namespace: the echo fills them after a few
# KB, whatever the machine's autotuning or memory pressure (the host's
# defaults let the server's buffers grow to megabytes first).
sysctl -qw net.ipv4.tcp_rmem="4096 16384 16384" net.ipv4.tcp_wmem="4096 16384 16384" ||
    skip "cannot set tcp_rmem/tcp_wmem here"
# unread_at_server: a connection on the server's side has bytes in its
# receive queue (the server no longer reads it).
unread_at_server() { ss -Htn state established "( sport = :$PORT )" | awk '$1 > 0 { f = 1 } END { exit !f }'; }
# blocked_in_write PID: PID sleeps in a socket wait in the kernel
# (wait_woken, sk_stream_wait_memory) while its client's bytes wait
# unread: the write. (A read would have drained them, and both servers
# wait for a client's bytes in pselect(), in do_select/poll_schedule_timeout.)
blocked_in_write() {
    local wchan=
    read -r wchan <"/proc/$1/wchan" 2>/dev/null
    case $wchan in wait_woken | sk_stream_wait_memory) unread_at_server ;; *) return 1 ;; esac
}
flood() { # 64 MiB written to the server (PID $1), nothing ever read
    start flood "$BASH_BIN" -c 'exec 3<>"/dev/tcp/127.0.0.1/$1" && head -c 67108864 /dev/zero >&3' flood "$PORT"
    wait_true "the server blocked in write(), no longer reading" blocked_in_write "$1"
}

note test "--- blockingserver: SIGTERM while blocked in write()"
start server blockingserver -p 0
ready server
flood "$(pid_of server)"
kill -TERM "$(pid_of server)"
expect_exit server 0 5 # (a loaded machine; without the fix: never)
expect server '^client 127\.0\.0\.1:[0-9]+ closed \(0 clients\)$'
expect server '^served 1 clients, [0-9]+ reads; CPU '
wait_exit flood # its connection closed with the server: head's write fails

note test "--- forkserver: SIGINT to the child while blocked in write()"
start server forkserver -p 0
ready server
start flood "$BASH_BIN" -c 'exec 3<>"/dev/tcp/127.0.0.1/$1" && head -c 67108864 /dev/zero >&3' flood "$PORT"
has_child() { child=$(pgrep -n -P "$(pid_of server)") && [ -n "$child" ]; }
wait_true "a child for the flood" has_child
on_exit "kill -KILL $child 2>/dev/null" # never an orphan holding our pipes
note test "the child: pid $child"
WAIT_SECS=$((WAIT_SECS * 2)) wait_true "the child blocked in write(), no longer reading" blocked_in_write "$child"
kill -INT "$child"
wait_true "the child has exited" eval '! kill -0 '"$child"' 2>/dev/null || grep -q "^Z" <(ps -o stat= -p '"$child"')'
expect server '^client 127\.0\.0\.1:[0-9]+ closed \(0 clients\)$'
wait_exit flood # its connection closed with the child
stop server
expect_exit server 0
pass
