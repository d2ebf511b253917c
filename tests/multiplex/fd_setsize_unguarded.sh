#!/usr/bin/env bash
# demo: mux-fd-setsize-unguarded — selectserver -U, built with -D_FORTIFY_SOURCE=2: FD_SET of descriptor 1024 is stopped by glibc ("bit out of range"), the undefined behaviour the guard avoids
# selectserver -U leaves out the FD_SETSIZE guard: the first connection
# whose descriptor is 1024 goes into FD_SET, which writes outside the
# 1024-bit fd_set (undefined behaviour: here the stack beside it). A glibc
# build with _FORTIFY_SOURCE checks FD_SET's argument (__fdelt_chk) and
# aborts the program: "*** bit out of range 0 - FD_SETSIZE on fd_set ***".
# Runs in the fortify flavour of the suite (-O2 -D_FORTIFY_SOURCE=2); in
# other builds the check is not compiled in, and the test says so and skips.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
no_valgrind "1100 connections"
# __fdelt_chk: the fortified FD_SET's check, present only in such a build
# (glibc's; musl has no _FORTIFY_SOURCE checks of its own).
grep -q __fdelt_chk "$BIN/selectserver" ||
    skip "selectserver is not built with glibc's -D_FORTIFY_SOURCE (no __fdelt_chk in it): FD_SET beyond 1024 is unchecked undefined behaviour there; scripts/test --fortify runs this"
ulimit -Sn 4096 2>/dev/null || skip "cannot raise the open-file limit to 4096 (hard limit $(ulimit -Hn))"

start server selectserver -p 0 -U
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
