#!/usr/bin/env bash
# demo: accept-queue-limit — the accept queue's limit is min(backlog, net.core.somaxconn), fixed at listen(): somaxconn 3 caps a listen(fd, 1024) at 3 (ss Send-Q), the kernel queues 4, the 5th SYN is dropped (ListenOverflows)
# The notes (listen; §3.5 listen时指定的backlog含义) say the backlog is the
# accept queue's size and give 128 for tcp_max_syn_backlog. On Linux 6.x
# the kernel caps the backlog at net.core.somaxconn (default 4096 since
# 5.4; a per-namespace sysctl), when listen() is called: a listener made
# before the change keeps its limit. tcp_max_syn_backlog (the SYN queue,
# for half-open connections; here 2048) and tcp_syncookies (1: when the
# SYN queue overflows, answer with a cookie instead of keeping state) are
# printed; neither changes the accept queue: a SYN that finds it full is
# dropped, cookies or not.
NETNS=always # it changes a sysctl: in a namespace of its own, demo mode too
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

[ -n "${_HARNESS_IN_NETNS:-}" ] || skip "needs a private network namespace (unshare -n) for its sysctl"
need nstat
export NSTAT_HISTORY=$T/nstat.history # never the shared /tmp/.nstat.u$UID
for k in net.core.somaxconn net.ipv4.tcp_max_syn_backlog net.ipv4.tcp_syncookies; do
    note test "sysctl $k = $(sysctl -n "$k")"
done
somax=$(sysctl -n net.core.somaxconn)

# listen(fd, 1024) with this namespace's somaxconn (4096 in a fresh one).
start big tcpserver -p 0 -b 1024 -A
ready big
BIG=$PORT
read -r _ _ sendq _ <<<"$(ss -Hltn "( sport = :$BIG )")"
want=$((somax < 1024 ? somax : 1024))
[ "$sendq" = "$want" ] || fail "listen(fd, 1024) with somaxconn $somax: Send-Q $sendq, expected $want"
note ss "listen(fd, 1024), somaxconn $somax: Send-Q $sendq"

sysctl -qw net.core.somaxconn=3 || fail "cannot set net.core.somaxconn in the namespace"
note test "sysctl net.core.somaxconn=3"
start small tcpserver -p 0 -b 1024 -A
ready small
line=$(ss -Hltn "( sport = :$PORT )")
note ss "listen(fd, 1024) after the change: $line"
read -r _ _ sendq _ <<<"$line"
[ "$sendq" = 3 ] || fail "listen(fd, 1024) with somaxconn 3: Send-Q $sendq, expected 3"
read -r _ _ sendq _ <<<"$(ss -Hltn "( sport = :$BIG )")"
[ "$sendq" = "$want" ] || fail "the first listener's limit changed to $sendq: it is fixed at listen()"

# The queue holds limit + 1 = 4; the fifth client's SYN is dropped.
for i in 1 2 3 4; do
    start "c$i" tcpclient -p "$PORT" -s 10 127.0.0.1
    expect_exit "c$i" 0
done
start c5 tcpclient -p "$PORT" -s 10 127.0.0.1
wait_ss "the 5th client in SYN-SENT" state syn-sent "( dport = :$PORT )"
line=$(ss -Hltn "( sport = :$PORT )")
note ss "listener: $line"
read -r _ recvq sendq _ <<<"$line"
[ "$recvq" = 4 ] && [ "$sendq" = 3 ] || fail "listener Recv-Q/Send-Q $recvq/$sendq, expected 4/3"
wait_true "TcpExtListenOverflows counting the dropped SYN" \
    eval '[ "$(nstat -asz TcpExtListenOverflows | awk "/ListenOverflows/ { print \$2 }")" -ge 1 ]'
note test "nstat: $(nstat -asz TcpExtListenOverflows TcpExtListenDrops | awk '/Tcp/ { printf "%s %s ", $1, $2 }')"
pass
