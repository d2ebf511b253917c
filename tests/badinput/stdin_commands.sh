#!/usr/bin/env bash
# stdin matrix for pingclient, whose stdin takes the commands `type1` and
# `type2`: lines of 0, 4095, 4096, 4097 and 100000 bytes, lines with NUL
# bytes, 64 KiB of binary garbage, each followed by `type1`; `type1` and
# `type2` ending in CRLF (commands, as elsewhere). An empty line is ignored; any other line that is not exactly a command is an unknown
# command: a message, nothing sent (`type1<NUL>x` is not `type1`); a line
# longer than 4096 bytes gets ONE message, `line longer than 4096 bytes
# ignored`. Every `type1` still reaches the server, and nothing else does.
export LC_ALL=C # binary output: the harness's `read` must see bytes
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
need perl

a() { head -c "$1" /dev/zero | tr '\0' a; }
{ for bad in 0 4095 4096 4097 100000; do a $bad; printf '\ntype1\n'; done
  printf 'type1\0x\ntype1\n\0type2\ntype1\n'
  printf 'type1\r\ntype2\r\n\r\n' # CRLF, as nc -C and telnet send: commands too
  perl -e 'srand(6); print map { chr int rand 256 } 1 .. 65536'; printf '\ntype1\ntype2\n'
} >"$T/in"
unknown=$(perl -ne 'chomp; s/\r$//; $n++ if length($_) && length($_) < 4096 && !/^type[12]$/; END { print $n }' "$T/in")

start server pingserver -p 0 -n 1 0
ready server
IN=$T/in start client pingclient -t 30 -p "$PORT" 127.0.0.1
wait_for client '^end of input, heartbeats only$'
wait_count server '^process MSG_TYPE2$' 2 # TCP keeps order: every type1 is in too
stop client
expect_exit client 143 # our SIGTERM: it would send heartbeats forever
expect_exit server 0
expect_count client '^sending MSG_TYPE1$' 9
expect_count client '^sending MSG_TYPE2$' 2
expect_count client "^unknown command 'a+" 1 # the 4095-byte line
expect_count client '^unknown command ' "$unknown"
expect_count client '^line longer than 4096 bytes ignored$' 3
expect_count server '^process MSG_TYPE1$' 9
expect_count server '^process MSG_TYPE2$' 2
expect server '^client closed, 11 messages$'
pass
