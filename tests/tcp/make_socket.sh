#!/usr/bin/env bash
# make_socket -p 0 prints the port the kernel chose, and that port is real:
# while make_socket holds it, another bind() to it fails (EADDRINUSE, with
# the hint); once it has exited, a server can bind it. -h, bad arguments and
# output errors behave.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

start probe make_socket -p 0 -w 5
ready probe
expect probe '^bound to 0\.0\.0\.0:[0-9]+$'
expect probe '^waiting 5 s before exit \(-w\)$'
[ "$PORT" -gt 0 ] && [ "$PORT" != 9527 ] || fail "make_socket -p 0 printed port '$PORT', not a kernel-chosen one"
# Bound, not listening: ss (before iproute2 6.5's --bound-inactive) lists
# no such socket; a second bind() to the port shows it is taken.
if ss -h 2>&1 | grep -q -- --bound-inactive; then
    out=$(ss -Htan --bound-inactive "( sport = :$PORT )")
    note ss "bound, not listening: ${out:-(none)}"
    [ -n "$out" ] || fail "ss --bound-inactive does not show port $PORT"
fi
start taken tcpserver -p "$PORT"
expect_exit taken 1
expect taken '^bind failed: .* \(98\)$' # EADDRINUSE (48 on macOS)
expect taken "^hint: 0\\.0\\.0\\.0:$PORT is taken: by a running server \\(ss -ltunp '\\( sport = :$PORT \\)'\\)"
stop probe
wait_exit probe

# Gone with make_socket: now a server binds the same port.
start server tcpserver -p "$PORT" -n 1
ready server
expect server "^listening on 0\\.0\\.0\\.0:$PORT\$"

# The fixed default port also binds (nothing else uses it in this namespace).
start fixed make_socket
expect_exit fixed 0
expect fixed '^bound to 0\.0\.0\.0:9527$'

start help make_socket -h
expect_exit help 0
expect help '^usage: make_socket \[-6 \[-V\]\] \[-p PORT\]'
expect help '^  -p PORT '
for bad in "-p 65536" "-p -1" "-p abc" "-p +80" "-p 80x" "-w 1e3" "-x" "extra" "-p"; do
    # shellcheck disable=SC2086
    start bad make_socket $bad
    expect_exit bad 2
done
expect bad '^option -p needs a value$'

# Output errors are errors: a full disk (exit 1), a closed stdout (refused).
start full /bin/bash -c 'exec "$0" -p 0 >/dev/full' "$BIN/make_socket"
expect_exit full 1
expect full '^stdout failed'
start closed /bin/bash -c 'exec "$0" -p 0 >&-' "$BIN/make_socket"
expect_exit closed 2
expect closed '^stdout \(fd 1\) is closed'
pass
