#!/usr/bin/env bash
# demo: mux-fd-setsize-unguarded — selectserver -U, built with -D_FORTIFY_SOURCE=2: FD_SET of descriptor 1024 is stopped by glibc ("bit out of range"), the undefined behaviour the guard avoids
# selectserver -U leaves out the FD_SETSIZE guard: the first connection
# whose descriptor is 1024 goes into FD_SET, which writes outside the
# 1024-bit fd_set (undefined behaviour: here the stack beside it). A glibc
# build with _FORTIFY_SOURCE checks FD_SET's argument (__fdelt_chk) and
# aborts the program: "*** bit out of range 0 - FD_SETSIZE on fd_set ***".
# glibc checks it only in a build with _FORTIFY_SOURCE: the build makes
# bin/selectserver_fortified from the same source with -O2
# -D_FORTIFY_SOURCE=2 (multiplex/CMakeLists.txt).
# The server starts with descriptors 10..1015 already open (inherited on
# /dev/null, as a server with many files open would have them), so a few
# connections take it to descriptor 1024, not a thousand.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
no_valgrind "its server is the fortified -O2 build, not a debug build for valgrind"
server=$BIN/selectserver_fortified
# __fdelt_chk: the fortified FD_SET's check, present only in such a build
# against glibc (musl's headers have no _FORTIFY_SOURCE checks).
grep -q __fdelt_chk "$server" ||
    skip "this libc has no _FORTIFY_SOURCE check of FD_SET (no __fdelt_chk): glibc's is what shows it"
ulimit -Sn 4096 2>/dev/null || skip "cannot raise the open-file limit to 4096 (hard limit $(ulimit -Hn))"

# Hold descriptors 10..1015 (bash's {fd} takes the lowest free from 10) while
# the server starts: it inherits them, and its sockets get the rest.
held=()
while exec {fd}</dev/null && held+=("$fd") && [ "$fd" -lt 1015 ]; do :; done
start server "$server" -p 0 -U
for fd in "${held[@]}"; do exec {fd}<&-; done # (the server keeps its copies)
ready server
start load loadclient -p "$PORT" -i 40 -a 1 -d "$(timer 0.3 3)" -t 2 127.0.0.1
expect_exit server 134 10 # SIGABRT: glibc stopped it
expect server 'bit out of range 0 - FD_SETSIZE on fd_set'
# Accepted (its line printed), then FD_SET(1024, ...) and the abort.
expect server '^connection from 127\.0\.0\.1:[0-9]+ \(fd 1024, [0-9]+ clients\)$'
expect_not server '\(fd 1025, '
expect_not server '^refused '
# The kernel's view: the listener is gone with the server.
expect_no_ss "a listener" state listening "( sport = :$PORT )"
expect_exit load 1 10 # its connections died with the server
pass
