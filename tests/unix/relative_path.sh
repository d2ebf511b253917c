#!/usr/bin/env bash
# A relative path works, but it names a different file from every other
# directory: a client started elsewhere finds nothing (ENOENT), and the path
# the kernel records (getsockname, ss -x) says nothing about where it is.
# That is why the notes ask for absolute paths.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

mkdir "$T/a" "$T/b" || fail "mkdir"
cd "$T/a" || fail "cd $T/a"
start server unixstreamserver -n 2 rel.sock
ready server
expect server '^listening on rel\.sock$'
[ -S "$T/a/rel.sock" ] || fail "no socket file in $T/a"
note ss "$(ss -Hxl | grep -F rel.sock)"

start c1 unixstreamclient rel.sock # same directory: found
send c1 g1 && wait_for c1 '^Hi, g1$'
eof c1
expect_exit c1 0

cd "$T/b" || fail "cd $T/b"
start c2 unixstreamclient rel.sock # another directory: another file
expect_exit c2 1
expect c2 '^connect failed: No such file or directory \(2\)$'
start c3 unixstreamclient "$T/a/rel.sock" # the absolute path always works
send c3 g3 && wait_for c3 '^Hi, g3$'
eof c3
expect_exit server 0
[ ! -e "$T/a/rel.sock" ] || fail "the server left rel.sock behind"
pass
