#!/usr/bin/env bash
# -h, bad options, an invalid address, a port in use, no server.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

for prog in graceserver graceclient; do
    run_now help 0 $prog -h
    expect help "^usage: $prog "
    [ "$prog" = graceserver ] && for re in '^  -d SECS ' '^  -n N ' '^  -P ' 'default 5'; do
        expect help "$re"
    done
done
for re in '^  close ' '^  shutdown ' '^  abort ' '^  -w SECS ' '^  -F ' '^  -l SECS ' '^  <IPaddress> '; do
    expect help "$re" # the last -h run was graceclient's
done
run_now help 2 graceserver -S # the old letter: -P now
expect help '^usage: graceserver '
expect help '^\(-h explains each argument and option\)$'
for bad in "-p 65536" "-d -1" "-d abc" "-x" "extra"; do
    run_now bad 2 graceserver $bad # word splitting wanted
done
for bad in "" "-p 70000 127.0.0.1" "-w x 127.0.0.1" "-l 0 127.0.0.1" "-l 0.5 127.0.0.1" "127.0.0.1 extra" "127.0.0.1 -l"; do
    run_now bad 2 graceclient $bad
done
run_now bad 2 graceclient 999.1.1.1
expect bad "^invalid address '999\.1\.1\.1': not an IPv4 or IPv6 literal"

start server graceserver -p 0
ready server
start busy graceserver -p "$PORT"
expect_exit busy 1
expect busy '^bind failed: .* \(98\)$'
expect busy "^hint: 0\.0\.0\.0:$PORT is taken: by a running server \(ss -ltunp '\( sport = :$PORT \)'\)"
stop server
expect_exit server 143

start client graceclient -p "$PORT" 127.0.0.1 # nobody listens there now
expect_exit client 1
expect client '^connect failed: .* \(111\)$'
expect client "^hint: nothing listens on 127\.0\.0\.1:$PORT: start the server first, or check -p\$"
pass
