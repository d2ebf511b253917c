#!/usr/bin/env bash
# Every server of the chapter: -h prints the usage (exit 0), a bad option or
# value one usage line on stderr (exit 2); -1 without -e is refused (it is
# a bug only when edge-triggered); -6 listens on [::] and an IPv4 client is
# seen as [::ffff:127.0.0.1]; -n 1 exits after one client with the stats.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

servers=(blockingserver forkserver threadserver busypollserver selectserver pollserver epollserver)
for srv in "${servers[@]}"; do
    out=$("$BIN/$srv" -h) || fail "$srv -h: exit $?"
    [[ $out == "usage: $srv "* ]] || fail "$srv -h: no usage line"
    for bad in "-x" "-p 70000" "-n -1" "-r 0" "-r 5000" "extra"; do
        err=$("$BIN/$srv" $bad 2>&1 >/dev/null)
        rc=$?
        [ "$rc" = 2 ] || fail "$srv $bad: exit $rc, expected 2"
        [ -n "$err" ] || fail "$srv $bad: no message"
    done
done
err=$("$BIN/epollserver" -1 2>&1)
[ $? = 2 ] && [[ $err == *"-1 needs -e"* ]] || fail "epollserver -1 without -e: $err"
err=$("$BIN/forkserver" -U 2>&1)
[ $? = 2 ] || fail "forkserver accepted selectserver's -U"
# -t (the event loops' stall time): seconds, decimals allowed; not for the
# blocking servers, which buffer no echo.
err=$("$BIN/pollserver" -t abc 2>&1)
[ $? = 2 ] || fail "pollserver -t abc: $err"
err=$("$BIN/blockingserver" -t 1 2>&1)
[ $? = 2 ] || fail "blockingserver accepted the event loops' -t"
# loadclient takes full literals only, not inet_aton's shorthand (1.2.3
# would be 1.2.0.3, an address off this machine).
for addr in 1.2.3 127.1 0x7f.0.0.1 127.0.0.1x; do
    err=$("$BIN/loadclient" -a 1 "$addr" 2>&1)
    [ $? = 2 ] && [[ $err == "invalid IP address '$addr'"* ]] || fail "loadclient $addr: $err"
done

# -6 and -n 1: one IPv4 client through the IPv6 socket, then the stats line.
if [ -e /proc/net/if_inet6 ]; then
    ip -6 addr show dev lo | grep -q '::1' || skip "no IPv6 on loopback"
    start server pollserver -p 0 -6 -n 1
    ready server
    expect server '^listening on \[::\]:[0-9]+$'
    start c graceclient -p "$PORT" -w 0 127.0.0.1
    send c v4-through-v6
    wait_for c '^v4-through-v6$'
    expect server '^connection from \[::ffff:127\.0\.0\.1\]:[0-9]+ \(fd [0-9]+, 1 clients\)$'
    expect_ss "the v4-mapped connection" state established "( sport = :$PORT )"
    send c close
    expect_exit server 0
    expect server '^served 1 clients, 1 reads; CPU '
fi
pass
