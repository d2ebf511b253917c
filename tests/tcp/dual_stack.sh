#!/usr/bin/env bash
# demo: tcp-dual-stack — one [::] socket for both families: an IPv4 client is seen as [::ffff:127.0.0.1]; with IPV6_V6ONLY 1 it is refused
# tcpserver -6 sets IPV6_V6ONLY to 0 (Linux's default, net.ipv6.bindv6only
# = 0; the BSDs' is 1): the IPv6 socket takes IPv4 connections too, their
# address mapped into IPv6 (::ffff:a.b.c.d), and `ss -tln` shows the
# listener as `*:PORT`. With -V (IPV6_V6ONLY 1) it shows `[::]:PORT`, and
# an IPv4 client finds no listener: connect failed (111). ::1 works both ways.
# And the trap of a name that resolves to ::1 first: a server without -6
# (0.0.0.0) refuses a client of ::1 although 127.0.0.1 would connect.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
"$BIN/make_socket" -6 -p 0 >/dev/null 2>"$T/v6" || skip "no IPv6 here: $(cat "$T/v6")"

# listener PORT: the local address column of `ss -tln` for the port.
listener() { ss -Htln "( sport = :$1 )" | awk '{ print $4 }'; }

# Dual stack: IPv4 and IPv6 clients on one socket.
start dual tcpserver -6 -p 0 -n 2 -d 0
ready dual
expect dual "^listening on \[::\]:$PORT\$"
note ss "dual stack listens on $(listener "$PORT")"
[ "$(listener "$PORT")" = "*:$PORT" ] || fail "ss -tln shows $(listener "$PORT"), not *:$PORT"
start v4 tcpclient -p "$PORT" -s 1024 127.0.0.1
expect_exit v4 0
wait_for dual '^connection from \[::ffff:127\.0\.0\.1\]:[0-9]+$'
start v6 tcpclient -p "$PORT" -s 1024 ::1
expect_exit v6 0
wait_for dual '^connection from \[::1\]:[0-9]+$'
expect_exit dual 0

# IPv6 only: the IPv4 client is refused, ::1 still served.
start only tcpserver -V -p 0 -n 1 -d 0
ready only
expect only "^listening on \[::\]:$PORT\$"
note ss "IPv6 only listens on $(listener "$PORT")"
[ "$(listener "$PORT")" = "[::]:$PORT" ] || fail "ss -tln shows $(listener "$PORT"), not [::]:$PORT"
start refused tcpclient -p "$PORT" -s 1024 127.0.0.1
expect_exit refused 1
expect refused '^connect failed: .* \(111\)$'
expect refused "^hint: nothing listens on 127\.0\.0\.1:$PORT: "
start v6only tcpclient -p "$PORT" -s 1024 ::1
expect_exit v6only 0
expect_exit only 0
expect_not only 'ffff'

# IPv4 only (no -6): ::1 is refused, 127.0.0.1 served.
start v4 tcpserver -p 0 -n 1 -d 0
ready v4
start trap tcpclient -p "$PORT" -s 1024 ::1
expect_exit trap 1
expect trap '^connect failed: .* \(111\)$'
expect trap "^hint: nothing listens on \[::1\]:$PORT: "
start v4client tcpclient -p "$PORT" -s 1024 127.0.0.1
expect_exit v4client 0
expect_exit v4 0
pass
