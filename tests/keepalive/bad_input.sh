#!/usr/bin/env bash
# -h and bad arguments for every keepalive/ program: usage or a clear
# message on stderr, exit 2, nothing started.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

for prog in pingserver pingclient keepaliveserver keepaliveclient; do
    run_now help 0 $prog -h
    expect help "^usage: $prog "
    expect help '^  -p PORT ' # -h teaches: every option with its meaning and default
    expect help '^  -h +print this help and exit$'
done
expect help '^  -t SECS +idle time before the first probe' # (keepaliveclient)

check() { # PROGRAM ARGS... -> exit 2 and print REGEX (from $re)
    run_now bad 2 "$@"
    expect bad "$re"
}
re='^usage: pingserver'; check pingserver; check pingserver 1 2; check pingserver -x 1
re='^option -p needs a value'; check pingclient 127.0.0.1 -p; check keepaliveclient 127.0.0.1 -p
re="^invalid port '\+80'"; check keepaliveclient -p +80 127.0.0.1
re="^invalid idle time \(seconds\) ' 1'"; check pingclient -t ' 1' 127.0.0.1
re="^invalid idle time \(seconds\) '0\.0000001'"; check pingclient -t 0.0000001 127.0.0.1
re="^invalid sleeping time '-1'"; check pingserver -- -1
re="^invalid sleeping time 'abc'"; check pingserver abc
re="^invalid port '70000'"; check pingserver -p 70000 0
re="^invalid idle time \(seconds\) '-5'"; check pingclient -t -5 127.0.0.1
re="^invalid idle time \(seconds\) 'ten'"; check pingclient -t ten 127.0.0.1
re="^invalid interval \(seconds\) '0'"; check pingclient -i 0 127.0.0.1
re="^invalid idle time \(seconds\) '0\.000'"; check pingclient -t 0.000 127.0.0.1
re="^invalid interval \(seconds\) '1\.5s'"; check pingclient -i 1.5s 127.0.0.1
re="^invalid probe count '0'"; check pingclient -n 0 127.0.0.1
re="^invalid address '999\.1\.1\.1': not an IPv4 or IPv6 literal"; check pingclient 999.1.1.1
re='^usage: pingclient'; check pingclient
re='^usage: keepaliveserver'; check keepaliveserver extra
re="^invalid idle time \(seconds\) '0'"; check keepaliveclient -t 0 127.0.0.1
re="^invalid probe count '200'"; check keepaliveclient -n 200 127.0.0.1
re="^invalid interval \(seconds\) '1.5'"; check keepaliveclient -i 1.5 127.0.0.1
re="^invalid address 'localhost': not an IPv4 or IPv6 literal"; check keepaliveclient localhost
pass
