#!/usr/bin/env bash
# A server whose stdout is a pipe nobody reads (`epollserver | less` left
# on its first screen) still stops on SIGTERM: its next line blocks the
# write (the pipe is full), and the stop signal interrupts it (EINTR):
# `stdout failed: Interrupted system call (4)` on stderr, exit 1, at once,
# rather than a server that can be neither stopped nor served.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

BASH_BIN=$(command -v bash)
fifo=$T/stuck
mkfifo "$fifo"
# stdout: the fifo, opened read-write (so the server holds its read end,
# never reading it) and filled to 536 bytes short of the 64 KiB pipe.
start server "$BASH_BIN" -c 'exec 7<>"$1" && head -c 65000 /dev/zero >&7 && exec "$2" -p 0 >&7' \
    stuck "$fifo" "$BIN/epollserver"
listener() { ss -Hltnp | grep -q "pid=$(pid_of server),"; }
wait_true "epollserver listening" listener
PORT=$(ss -Hltnp | grep "pid=$(pid_of server)," | awk '{ print $4 }') PORT=${PORT##*:}
# 20 clients: 20 `connection from` lines, more than the pipe has room for.
start load loadclient -p "$PORT" -i 20 -a 0 -d 2 -t 5 127.0.0.1
blocked() { grep -q pipe_write "/proc/$(pid_of server)/wchan"; }
wait_true "epollserver blocked writing to its stdout" blocked
note test "wchan: $(cat "/proc/$(pid_of server)/wchan")"
kill -TERM "$(pid_of server)"
expect_exit server 1 2
expect server '^stdout failed: .* \(4\)$'
stop load
pass
