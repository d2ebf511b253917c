#!/usr/bin/env bash
# The bytes on the wire, read by an independent client (python3): each reply
# is exactly "Hi, " + the line + "\n" (no padding to 4096, no leftovers of
# an earlier longer line); lines are found in the stream however they
# arrive: two in one write get two replies, one split in two writes, one.
# Control bytes (NUL, ESC, CR) go back exactly; the server's log shows them
# as '?', so a peer cannot drive the terminal with escape sequences.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
need python3

sock=$T/wire.sock
start server unixstreamserver "$sock"
ready server
python3 - "$sock" >"$T/wire" 2>&1 <<'PY' || fail "python client failed: $(cat "$T/wire")"
import socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.settimeout(5)
s.connect(sys.argv[1])
f = s.makefile('rb')
s.sendall(b'a much longer line than the next one\n')
print(f.readline())
s.sendall(b'g2\n')
print(f.readline())
s.sendall(b'g3\ng4\n')                     # two lines, one write
print(f.readline(), f.readline())
s.sendall(b'g'); time.sleep(0.2); s.sendall(b'5\n')  # one line, two writes
print(f.readline())
s.sendall(b'x\0y\x1b[31mred\r\n')          # control bytes
print(f.readline())
s.shutdown(socket.SHUT_WR)
print(f.read())                            # nothing more: no stray bytes
PY
diff - "$T/wire" >&2 <<'WANT' || fail "bytes on the wire differ (above)"
b'Hi, a much longer line than the next one\n'
b'Hi, g2\n'
b'Hi, g3\n' b'Hi, g4\n'
b'Hi, g5\n'
b'Hi, x\x00y\x1b[31mred\r\n'
b''
WANT
expect_exit server 0
expect_count server '^Receive: ' 6
expect server '^Receive: x\?y\?\[31mred\?$'
expect server '^client quit$'
pass
