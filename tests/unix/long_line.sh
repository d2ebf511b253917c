#!/usr/bin/env bash
# unixstreamserver reads at most MAXLINE (4096) bytes of a line: a longer
# line is cut to 4096 (`line longer than 4096 bytes: cut to 4096`) and the
# reply carries the 4096 bytes kept. A raw peer (python3) sends 5000 bytes,
# then 8 MiB without a newline: the server's memory does not grow with it,
# and the next line is served as usual.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
need python3

sock=$T/long.sock
start server unixstreamserver "$sock"
ready server
python3 - "$sock" "$(pid_of server)" >"$T/wire" 2>&1 <<'PY' || fail "python client failed: $(cat "$T/wire")"
import socket, sys
def rss_kib(pid):  # the server's resident memory
    for line in open('/proc/%s/status' % pid):
        if line.startswith('VmRSS:'):
            return int(line.split()[1])
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.settimeout(20)
s.connect(sys.argv[1])
f = s.makefile('rb')
s.sendall(b'a' * 5000 + b'\n')
print(f.readline() == b'Hi, ' + b'a' * 4096 + b'\n')
before = rss_kib(sys.argv[2])
s.sendall(b'b' * (8 << 20) + b'\n')
print(f.readline() == b'Hi, ' + b'b' * 4096 + b'\n')
grown = rss_kib(sys.argv[2]) - before
print('grown under 2 MiB' if grown < 2048 else 'grown by %d KiB' % grown)
s.sendall(b'g3\n')
print(f.readline())
PY
diff - "$T/wire" >&2 <<'WANT' || fail "replies differ (above)"
True
True
grown under 2 MiB
b'Hi, g3\n'
WANT
expect_exit server 0
expect_count server '^line longer than 4096 bytes: cut to 4096$' 2
grep -qxF "Receive: $(head -c 4096 /dev/zero | tr '\0' a)" "$T/server.out" || fail "no 4096 a's"
grep -qxF "Receive: $(head -c 4096 /dev/zero | tr '\0' b)" "$T/server.out" || fail "no 4096 b's"
expect server '^Receive: g3$'
expect server '^client quit$'
pass
