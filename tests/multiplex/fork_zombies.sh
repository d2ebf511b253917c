#!/usr/bin/env bash
# demo: mux-fork-zombies — forkserver: a process per client, the listener open only in the parent; with -Z the finished children stay zombies (state Z, <defunct>)
# forkserver forks one child per client: three clients, three children,
# each holding its connection; the listening socket is held by the parent
# alone (ss -p), since each child closes it. When the clients leave, the
# SIGCHLD handler reaps every child; with -Z nobody wait()s for them and
# each finished child stays a zombie (state Z) until the server exits.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

# children PID STATE: how many children of PID are in STATE (S, Z, ...).
children() {
    local pid n=0 state
    for pid in $(cat "/proc/$1/task/$1/children" 2>/dev/null); do
        read -r _ _ state _ <"/proc/$pid/stat" 2>/dev/null && [ "$state" = "$2" ] && n=$((n + 1))
    done
    echo "$n"
}
no_children() { local kids; read -r kids <"/proc/$1/task/$1/children"; [ -z "$kids" ]; }
has_children() { [ "$(children "$1" "$2")" = "$3" ]; }

for mode in reap zombie; do
    flags=()
    [ "$mode" = reap ] || flags=(-Z)
    note test "--- forkserver ${flags[*]}"
    start server forkserver -p 0 "${flags[@]}"
    ready server
    spid=$(pid_of server)
    for c in c1 c2 c3; do
        start "$c" graceclient -p "$PORT" -w 0 127.0.0.1
        send "$c" "hi-$c"
        wait_for "$c" "^hi-$c\$"
    done
    # One child per client, each asleep in read().
    wait_true "3 children of forkserver asleep" has_children "$spid" S 3
    note test "children of forkserver: $(cat "/proc/$spid/task/$spid/children")"
    # The listener: held by the parent alone (each child closed its copy).
    listener=$(ss -Hltnp "( sport = :$PORT )")
    note ss "listener: $listener"
    [[ $listener == *"pid=$spid,"* ]] || fail "the parent does not hold the listener: $listener"
    [ "$(grep -o 'pid=[0-9]*' <<<"$listener" | sort -u | wc -l)" = 1 ] || fail "a child holds the listener: $listener"
    expect server '\(fd [0-9]+, 3 clients\)$'

    for c in c1 c2 c3; do eof "$c"; done
    for c in c1 c2 c3; do expect_exit "$c" 0; done
    wait_count server '^client 127\.0\.0\.1:[0-9]+ closed ' 3
    expect server '^client 127\.0\.0\.1:[0-9]+ closed \(0 clients\)$'
    if [ "$mode" = reap ]; then
        wait_true "every child reaped" has_children "$spid" Z 0
        wait_true "no child left" no_children "$spid"
    else
        wait_true "3 zombies" has_children "$spid" Z 3
        note test "ps: $(ps -o pid=,stat=,comm= --ppid "$spid" 2>/dev/null | tr '\n' ';')"
    fi
    stop server
    expect_exit server 0
    expect server '^served 3 clients, 3 reads; CPU '
done
# -n 1 with -Z: the server exits once its one client has left, like
# without -Z (an empty SIGCHLD handler interrupts accept(): no reaping).
note test "--- forkserver -Z -n 1"
start server forkserver -p 0 -Z -n 1
ready server
start c1 graceclient -p "$PORT" -w 0 127.0.0.1
send c1 once
wait_for c1 '^once$'
eof c1
expect_exit c1 0
expect_exit server 0 2
expect server '^served 1 clients, 1 reads; CPU '
pass
