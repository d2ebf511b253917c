#!/usr/bin/env bash
# demo: tcp-short-reads — read() returns what has arrived, often less than asked; readn() loops to a whole record
# The same transfer (100 KiB + 476 bytes) read twice by tcpserver with a
# small receive buffer (-R 1000: the kernel's minimum, 2304 bytes), so the
# data arrives in small segments. With -r, each plain read(fd, buf, 1024)
# returns what is there: odd sizes (576 here). By default readn() calls
# read() until 1024 bytes are in: exact 1 KiB records, then the short last
# piece at EOF.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

bytes=102876 # 100 records of 1 KiB + 476 bytes
start server tcpserver -p 0 -n 1 -d 0 -R 1000 -r
ready server
expect server '^SO_RCVBUF: asked 1000 bytes, the kernel gave [0-9]+$'
start client tcpclient -p "$PORT" -s $bytes 127.0.0.1
expect_exit client 0
expect_exit server 0
expect server "^client closed, $bytes bytes read\$"
sum=$(awk '/^read returned/ { s += $3 } END { print s + 0 }' "$T/server.out")
[ "$sum" = $bytes ] || fail "the read() sizes add up to $sum, not $bytes"
short=$(grep -Ec '^read returned ([0-9]|[0-9][0-9]|[0-9][0-9][0-9]|10[01][0-9]|102[0-3]) of 1024 bytes$' "$T/server.out")
reads=$(grep -c '^read returned' "$T/server.out")
note test "plain read(): $reads calls, $short of them returned less than 1024 bytes"
[ "$short" -ge 50 ] || fail "only $short short reads of $reads: expected most reads to be short"

# The same with readn(): every record whole, the last piece at EOF.
start server tcpserver -p 0 -n 1 -d 0 -R 1000
ready server
start client tcpclient -p "$PORT" -s $bytes 127.0.0.1
expect_exit client 0
expect_exit server 0
expect_count server '^1K read for [0-9]+$' 100
expect server '^1K read for 100$'
expect server '^476 bytes read for 101$'
expect_count server 'bytes read for' 1
expect server "^client closed, $bytes bytes read\$"
pass
