#!/usr/bin/env bash
# demo: no-time-wait-rst — the lost last ACK without TIME-WAIT (net.ipv4.tcp_max_tw_buckets=0): the server's resent FIN finds no connection on the client's host and is answered with RST
# closing.lost_last_ack with one sysctl changed in this scenario's
# namespace: tcp_max_tw_buckets=0, the notes' "调小 tcp_max_tw_buckets"
# taken to its end. The client (graceclient, `shutdown`: its program keeps
# the socket, so the kernel keeps FIN-WAIT-2 too) then skips TIME-WAIT:
# when the server's FIN arrives its kernel acknowledges it and forgets the
# connection at once (nstat: TcpExtTCPTimeWaitOverflow 1). (A client that
# had closed would lose even FIN-WAIT-2: the closed socket's FIN-WAIT-2 is
# a TIME-WAIT mini-socket too, and the server's first FIN would get RST.) That ACK is
# dropped once (nftables); the server in LAST-ACK resends its FIN, and the
# client's kernel, which knows no such connection, answers RST: the
# passive closer ends with a reset instead of a clean close. This is the
# first job of TIME-WAIT, shown by its absence.
NETNS=always # its sysctl and nftables rule stay in a namespace of its own, demo mode too
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

[ -n "${_HARNESS_IN_NETNS:-}" ] || skip "needs a private network namespace (unshare -n) for its sysctl and nftables rule"
need nft nstat
export NSTAT_HISTORY=$T/nstat.history # never the shared /tmp/.nstat.u$UID
sysctl -qw net.ipv4.tcp_max_tw_buckets=0 || skip "cannot set net.ipv4.tcp_max_tw_buckets in this namespace"
note test "sysctl net.ipv4.tcp_max_tw_buckets=0: no TIME-WAIT entries in this namespace"
# The server's FIN resent after about 60 ms, not 200 ms, in the test
# (tcp_rto_min_us: Linux 6.11+, per namespace; the demo keeps the default).
rto_min=$(timer 50000 200000)
sysctl -qw net.ipv4.tcp_rto_min_us="$rto_min" 2>/dev/null || note test "no tcp_rto_min_us here: the FIN resent after 200 ms"

start server tcpserver -p 0 -n 1 -f "$(timer 0.3 3)"
ready server
wire "$PORT"
has_states || skip "no state lines: $(grep -E '^# no state lines' "$T/wire.out")"

# The client sends two bare ACKs: the handshake's, then the last one.
# nftables drops the second one only: `quota over 60 bytes` matches once
# one ACK (52 bytes) has gone by, `quota until 60 bytes` for one ACK more.
nft -f - <<EOF || skip "nft cannot add a rule here: nf_tables missing in the kernel?"
table inet lost_ack {
    chain input {
        type filter hook input priority 0;
        tcp dport $PORT tcp flags == ack quota over 60 bytes quota until 60 bytes counter drop
    }
}
EOF
note test "nft: drop the second bare ACK to server:$PORT (the first one completes the handshake, the second is the last ACK)"
start client graceclient -p "$PORT" 127.0.0.1
send client shutdown
wait_for server '^connection from 127\.0\.0\.1:[0-9]+$'
cport=$(sed -nE 's/^connection from 127\.0\.0\.1:([0-9]+)$/\1/p' "$T/server.out")
[ -n "$cport" ] || fail "the server printed no client port"

c="client:$cport" s="server:$PORT"
expect_exit server 0
expect_exit client 0
expect client '^server terminated$'
wait_count wire "^$s -> $c  \[FIN,ACK\] len 0$" 2 # the FIN, then the same FIN again
expect_wire "^$c -> $s  \[RST\] len 0$"             # the answer to the second one
wait_count wire "^$c -> $s  \[ACK\] len 0$" 2       # handshake and the lost ACK only
lost "^$c -> $s  \\[ACK\\] len 0" 2 # (the ladder draws it lost)
expect_state "^$c  FIN-WAIT-1 -> FIN-WAIT-2$"
expect_state "^$c  FIN-WAIT-2 -> CLOSED$" # no TIME-WAIT in between
expect_state "^$c  sends RST"
expect_state "^$s  receives RST$" # LAST-ACK ends with a reset
expect_no_ss "a TIME-WAIT entry" state time-wait "( sport = :$cport )"
expect_no_ss "any socket of the connection" "( sport = :$cport or dport = :$cport )"
overflow=$(nstat -asz TcpExtTCPTimeWaitOverflow | awk '$1 == "TcpExtTCPTimeWaitOverflow" { print $2 }')
note test "nstat TcpExtTCPTimeWaitOverflow $overflow"
[ "$overflow" = 1 ] || fail "TcpExtTCPTimeWaitOverflow is '$overflow', expected 1 (the TIME-WAIT entry not made)"
pass
