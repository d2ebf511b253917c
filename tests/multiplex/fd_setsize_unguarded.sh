#!/usr/bin/env bash
# demo: mux-fd-setsize-unguarded — selectserver -U, built with -D_FORTIFY_SOURCE=2: FD_SET of descriptor 1024 is stopped by glibc ("bit out of range"), the undefined behaviour the guard avoids
# selectserver -U leaves out the FD_SETSIZE guard: the first connection
# whose descriptor is 1024 goes into FD_SET, which writes outside the
# 1024-bit fd_set (undefined behaviour: here the stack beside it). A glibc
# build with _FORTIFY_SOURCE checks FD_SET's argument (__fdelt_chk) and
# aborts the program: "*** bit out of range 0 - FD_SETSIZE on fd_set ***".
# The fortify flavour of the suite (-O2 -D_FORTIFY_SOURCE=2) runs its own
# selectserver; other builds have no such check compiled in, so the test
# builds a fortified copy of selectserver for itself (cc, glibc).
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
no_valgrind "1100 connections"
# __fdelt_chk: the fortified FD_SET's check, present only in such a build
# (glibc's; musl has no _FORTIFY_SOURCE checks of its own).
server=$BIN/selectserver
if ! grep -q __fdelt_chk "$server"; then
    src=$(cd "$(dirname "$0")/../.." && pwd) server=$T/selectserver
    cc -std=c11 -O2 -D_FORTIFY_SOURCE=2 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
        -I"$src/lib" -I"$src/multiplex" -o "$server" "$src/multiplex/selectserver.c" \
        "$src/multiplex/serve.c" "$src/lib/common.c" -pthread 2>"$T/cc.err" ||
        skip "cannot build a fortified selectserver here: $(head -n 1 "$T/cc.err")"
    grep -q __fdelt_chk "$server" ||
        skip "this libc has no _FORTIFY_SOURCE check of FD_SET (no __fdelt_chk): glibc's is what shows it"
fi
ulimit -Sn 4096 2>/dev/null || skip "cannot raise the open-file limit to 4096 (hard limit $(ulimit -Hn))"

start server "$server" -p 0 -U
ready server
start load loadclient -p "$PORT" -i 1100 -a 1 -d "$(timer 0.3 3)" -t 2 127.0.0.1
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
