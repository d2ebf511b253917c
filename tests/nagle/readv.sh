#!/usr/bin/env bash
# demo: readv — the server side of batchwrite's writev: one readv() scatters "hello," into a 6-byte header and the line into the body
# batchwrite gathers "hello," and the line into one segment with writev();
# nagleserver -H takes each message apart with one readv() into two
# buffers: `readv 12 bytes: header "hello,", body 6 bytes: world`, and
# answers it. strace (when installed) shows the system call itself: one
# readv with two iovecs, the header's holding exactly "hello,".
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

tracer=()
# (Not under valgrind, nor with a sanitizer build: LeakSanitizer refuses to
# run under ptrace.)
if command -v strace >/dev/null 2>&1 && [ -z "${VALGRIND:-}" ] && ! grep -qa __asan_init "$BIN/nagleserver" &&
    strace -o /dev/null true 2>/dev/null; then
    tracer=("$(command -v strace)" -e trace=readv -o "$T/strace.out" "$BIN/nagleserver")
else
    note test "(no strace here: the output only)"
fi
if [ ${#tracer[@]} -gt 0 ]; then start server "${tracer[@]}" -p 0 -n 1 -H; else start server nagleserver -p 0 -n 1 -H; fi
ready server
start client batchwrite -p "$PORT" 127.0.0.1
send client world
wait_for client '^server answered: ok 12$'
expect server '^readv 12 bytes: header "hello,", body 6 bytes: world$'
send client network
wait_for client '^server answered: ok 14$'
expect server '^readv 14 bytes: header "hello,", body 8 bytes: network$'
eof client
expect_exit client 0
expect_exit server 0
expect server '^client closed, 26 bytes read$'
if [ ${#tracer[@]} -gt 0 ]; then
    call=$(grep -m 1 'readv(' "$T/strace.out")
    note test "strace: $call"
    [[ $call =~ readv\([0-9]+,\ \[\{iov_base=\"hello,\",\ iov_len=6\},\ \{iov_base=\"world\\n\".*,\ iov_len=[0-9]+\}\],\ 2\)\ =\ 12 ]] ||
        fail "the first readv is not one call filling a 6-byte header and the body: $call"
fi
pass
