#!/usr/bin/env bash
# demo: batchwrite — each line one writev() of "hello," + the line: one segment, read whole, answered
# batchwrite sends each line as one writev() of "hello," + line: the server
# reads it in one piece (`received 12 bytes: hello,world`) and answers it.
# A line longer than the client's buffer still arrives whole and in order,
# NUL bytes are data, and a last line without newline is completed.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

start server nagleserver -p 0 -n 1
ready server
start client batchwrite -p "$PORT" 127.0.0.1
send client world
wait_for client '^server answered: ok 12$'
send client network
wait_for client '^server answered: ok 14$'
wait_for server '^received 12 bytes: hello,world$'
wait_for server '^received 14 bytes: hello,network$'

long=$(printf '0123456789%.0s' {1..1000}) # 10000 bytes > MAXLINE (4096)
send client "$long"
wait_for client '^server answered: ok 10007$'
printf 'a\0b\nlast' >"$T/raw" # a NUL inside a line; a final line without newline
send_raw client "$T/raw"
wait_for client '^server answered: ok 10$'
wait_for server '^received 10 bytes: hello,a\?b$' # put_visible masks the NUL; the long line's chunks are all in
got=$(sed -n '/hello,network$/,/hello,a?b$/p' "$T/server.out" | sed '1d;$d' | sed 's/^received [0-9]* bytes: //' | tr -d '\n')
[ "$got" = "hello,$long" ] || fail "the long line arrived altered or out of order (${#got} bytes)"

eof client
expect_exit client 0
expect client '^server answered: ok 11$'
expect_exit server 0
expect server '^received 11 bytes: hello,last$'
expect server '^client closed, 10054 bytes read$'
pass
