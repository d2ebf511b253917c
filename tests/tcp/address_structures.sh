#!/usr/bin/env bash
# demo: address-structures — make_socket -T prints the notes' comparison of the socket address structures: sizes and where each field sits
# On Linux: sockaddr 16, sockaddr_in 16, sockaddr_in6 28, sockaddr_un 110,
# sockaddr_storage 128 bytes, and the family field at offset 0 in every one
# (the BSDs put a length byte first), which is why bind() and connect() can
# take any of them cast to struct sockaddr *, plus the length. make_socket
# -6 builds its sockaddr_in6 (in6addr_any) by hand: `bound to [::]:PORT`.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

start table make_socket -T
expect_exit table 0
expect table '^struct sockaddr +16 bytes: sa_family at 0, sa_data at 2$'
expect table '^struct sockaddr_in +16 bytes: sin_family at 0, sin_port at 2, sin_addr at 4$'
expect table '^struct sockaddr_in6 +28 bytes: sin6_family at 0, sin6_port at 2, sin6_flowinfo at 4, sin6_addr at 8, sin6_scope_id at 24$'
expect table '^struct sockaddr_un +110 bytes: sun_family at 0, sun_path at 2 \(108 bytes\)$'
expect table '^struct sockaddr_storage +128 bytes: ss_family at 0$'

"$BIN/make_socket" -6 -p 0 >/dev/null 2>"$T/v6" || skip "no IPv6 here: $(cat "$T/v6")"
start v6 make_socket -6 -p 0
expect_exit v6 0
expect v6 '^bound to \[::\]:[0-9]+$'
pass
