#!/usr/bin/env bash
# A server never deletes what is not a socket: given a regular file, a
# directory or a symlink, it refuses to start and leaves the thing as it was.
# A path too long for sun_path (107 bytes + NUL on Linux) is refused with a
# clear error, by servers and clients alike; 107 bytes still work, whole.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

# check CODE REGEX PROGRAM ARGS...: run_now (to its end, now), exit CODE
# and a line matching REGEX.
nbad=0
check() { nbad=$((nbad + 1)); run_now "bad$nbad" "$1" "${@:3}"; expect "bad$nbad" "$2"; }

printf 'precious data\n' >"$T/regular"
mkdir "$T/dir" && ln -s "$T/regular" "$T/link" || fail "cannot prepare the paths"
for prog in unixstreamserver unixdataserver; do
    for path in "$T/regular" "$T/dir" "$T/link"; do
        check 1 "^$path exists and is not a socket: refusing to replace it\$" $prog "$path"
    done
done
[ "$(cat "$T/regular")" = 'precious data' ] && [ -d "$T/dir" ] && [ -L "$T/link" ] ||
    fail "a refused path was changed"

# Paths of exactly 107 and 108 bytes.
pad() { printf "%s/%0$(($1 - ${#T} - 6))d.sock" "$T" 0; }
ok=$(pad 107) long=$(pad 108)
[ ${#ok} = 107 ] && [ ${#long} = 108 ] || fail "pad: ${#ok} ${#long}"
for prog in unixstreamserver unixdataserver unixstreamclient unixdataclient; do
    check 2 "^socket path too long \(108 bytes, at most 107\): $long\$" $prog "$long"
done
[ -z "$(find "$T" -type s)" ] || fail "a socket was created for a too-long path"

start server unixstreamserver "$ok"
ready server
expect server "^listening on $ok\$" # every byte, nothing cut
start client unixstreamclient "$ok"
send client g1 && wait_for client '^Hi, g1$'
eof client
expect_exit server 0
pass
