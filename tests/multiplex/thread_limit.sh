#!/usr/bin/env bash
# threadserver out of threads: under an address-space limit (prlimit
# --as, about 120 MB: a thread's stack alone reserves 8 MB) pthread_create()
# fails with EAGAIN, and each connection it could not start a thread for
# is refused with the chapter's line, `refused ADDR: no thread: ... (11)
# (K clients)`, closed at once (loadclient sees it closed), and not counted
# as served; the server goes on serving the others.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
need prlimit
no_valgrind "an address-space limit is no place for valgrind"
ldd "$BIN/threadserver" 2>/dev/null | grep -q libasan && skip "ASan reserves terabytes of address space"
# musl gives a thread 128 KiB of stack, not glibc's 8 MB: the limit that
# stops glibc's server at a dozen threads lets musl's start hundreds.
grep -qa 'ld-musl' "$BIN/threadserver" && skip "musl's threads reserve 128 KiB of stack each, not 8 MB: this limit does not run them out"

start server "$(command -v prlimit)" --as=120000000 "$BIN/threadserver" -p 0 -q
ready server
start load loadclient -p "$PORT" -i 30 -a 0 -d 0.2 -t 2 127.0.0.1
expect_exit load 0
wait_for server '^refused 127\.0\.0\.1:[0-9]+: no thread: .* \(11\) \([0-9]+ clients\)$'
[[ $(grep '^idle 30: ' "$T/load.out") =~ ([0-9]+)\ answered,\ ([1-9][0-9]*)\ closed ]] ||
    fail "loadclient saw no connection closed: $(grep '^idle' "$T/load.out")"
answered=${BASH_REMATCH[1]} closed=${BASH_REMATCH[2]}
expect_count server '^refused ' "$closed"
stop server
expect_exit server 0
expect server "^served $answered clients, "
pass
