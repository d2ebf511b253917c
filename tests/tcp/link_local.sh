#!/usr/bin/env bash
# demo: tcp-link-local — a link-local IPv6 address needs its interface: fe80::1%v0 connects, fe80::1 alone is EINVAL (22), %lo is unreachable (101)
# fe80::/64 exists on every IPv6 link, so the address alone does not say
# which link: the `%v0` after it fills sin6_scope_id with the interface's
# index (if_nametoindex), and the server prints its peer the same way,
# [fe80::1%v0]:N. Without a scope id the kernel refuses the connect with
# EINVAL; with the wrong interface there is no route (ENETUNREACH); an
# interface that does not exist is a usage error (exit 2).
NETNS=always # it adds a veth pair: never on the host, demo mode too
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
need ip
[ -n "${_HARNESS_IN_NETNS:-}" ] || skip "it adds interfaces: only in a private network namespace"
"$BIN/make_socket" -6 -p 0 >/dev/null 2>"$T/v6" || skip "no IPv6 here: $(cat "$T/v6")"
ip link add v0 type veth peer name v1 2>"$T/ip" || skip "cannot create a veth pair here: $(cat "$T/ip")"
ip link set v0 up && ip link set v1 up && ip addr add fe80::1/64 dev v0 nodad || fail "cannot set up v0"

start server tcpserver -6 -p 0 -n 1 -d 0
ready server
start scoped tcpclient -p "$PORT" -s 10 fe80::1%v0
expect_exit scoped 0
expect scoped "^connecting to \[fe80::1%v0\]:$PORT \.\.\.\$"
wait_for server '^connection from \[fe80::1%v0\]:[0-9]+$'
expect_exit server 0

start bare tcpclient -p "$PORT" -s 10 fe80::1
expect_exit bare 1
expect bare '^connect failed: .* \(22\)$'
start wrong tcpclient -p "$PORT" -s 10 fe80::1%lo
expect_exit wrong 1
expect wrong '^connect failed: .* \(101\)$'
start nosuch tcpclient -p "$PORT" -s 10 fe80::1%v9
expect_exit nosuch 2
expect nosuch "^invalid address 'fe80::1%v9': no interface 'v9' "
pass
