# harness.sh - the few shell functions every scenario script uses.
# Source it first thing:  . "${HARNESS:-$(dirname "$0")/../harness.sh}"
#
# A scenario reads like a transcript of two terminals:
#
#   start server graceserver -p 0 -d "$(timer 1 5)"
#   ready server                      # waits for "listening on ...", sets PORT
#   start client graceclient -p "$PORT" 127.0.0.1
#   send client data1
#   wait_for client '^Hi, data1$'
#   expect server '^received 5 bytes: data1$'
#
# The functions (each documented where it is defined):
#   run      start NAME PROG ARGS | ready NAME (sets PORT) | send NAME LINE...
#            | run_now NAME CODE PROG ARGS (to its end, now: argument checks)
#            | send_raw NAME FILE | eof NAME | stop NAME [SIG] | pid_of NAME
#   wait     within SECS CMD... (the one poll loop; POLL_SECS=0.1 before it,
#            or before poll/wait_true, for a costly CMD) | poll SECS WHAT CMD...
#            | wait_for NAME RE [SECS] | wait_count NAME RE N [SECS]
#            | wait_exit NAME [SECS] | wait_true WHAT CMD... | wait_ss WHAT FILTER
#            | stopped NAME | still_running NAME MS
#   assert   expect NAME RE (waits, like expect(1)) | expect_not NAME RE
#            | expect_count NAME RE N | expect_exit NAME CODE [SECS]
#            | expect_ss / expect_no_ss WHAT FILTER | running NAME
#            | cpu_ticks NAME | no_reports FILE
#   kernel   wire PORT / capture PORT (segments and TCP states) | has_states
#            | expect_wire / expect_no_wire RE | expect_state / expect_no_state RE
#            | lost RE N (a segment dropped on its way: drawn as lost)
#            (`start wire tcpdump -i IF ... FILTER` in a ladder: wirecap on IF)
#   timeline note TAG TEXT | now_ms | timer SHORT REAL | timeline_sorted
#            | timeline_format | timeline_render | nap SECS (sleep, no fork,
#            no `read -t`)
#   end      pass | fail MSG | skip REASON | need TOOL | no_valgrind REASON
#            | on_exit COMMAND
#   hosts    netns_new VAR | in_netns PID COMMAND...
#            | real_root (root outside any user namespace)
#
# Every program's stdout+stderr goes to $T/<name>.out (plain, for asserts)
# and, time-stamped, to $T/timeline (both sides interleaved; printed when a
# test fails, and live in demo mode).
#
# The timeline: one clock, one order. Each record is "MICROSECONDS<TAB>TAG<TAB>
# TEXT" on the realtime clock (bash's EPOCHREALTIME); it is printed sorted by
# time, as seconds since the scenario started:
#   [  1.002 server ] received 5 bytes: data1
#   program lines   stamped when the harness reads them (just after they
#                   were printed), typed lines (`client<`) when sent;
#   wire            tcpdump's own packet time (tests/wirecap, -tt, in ns);
#   state           the kernel's time of a TCP state change (tracefs, trace
#                   clock `tai` less the kernel's TAI offset: realtime too).
# tests/wirecap prints wire and state lines in causal order (within one µs:
# a state change that emits a segment before it, one caused by a received
# segment after it) and the sort is stable, so no line reporting received
# data precedes the segment that carried it and no state its cause. Only
# this namespace's connections are kept (the tracepoints are host-wide).
# In demo mode the timeline is printed 0.25 s behind, so that lines read late
# still come out in order. LADDER=1 prints it as a ladder diagram instead
# (tests/ladder), LADDER_SVG=FILE also draws it as an SVG at the end;
# CAPTURE=1 starts the wire/state capture at the first `ready` by itself.
#
# Environment:
#   BIN    where the programs are (ctest sets it; default build/bin)
#   DEMO   1 = demo mode (tests/demo sets it): the notes' real timers, the
#          timeline on stdout as it happens, no private network namespace
#   SANITIZED 1 = the programs are built with ASan+UBSan (no_reports looks)
#   VALGRIND  1 = run every program from $BIN under valgrind memcheck
#          (exit status 99 on any error; waits are VALGRIND_SLOWDOWN times
#          longer, the one factor tests/CMakeLists.txt also applies to CTest)
#   NETNS  no = stay in the host's network namespace (default for tests:
#          a private one when unshare allows it, so TIME-WAIT entries and
#          `ss` output never leak between tests running in parallel);
#          always = a private one in demo mode too: set it before sourcing
#          the harness in a scenario that changes sysctls, routes or links
#   TMUX_TMPDIR  set to $T (except in tests/live's panes): every tool's state (tmux's socket directory)
#          stays in the scenario's private directory, so a normal user after
#          root never meets root's /tmp/tmux-0
#
# Exit status: 0 pass, 1 fail, 77 skip (CTest SKIP_RETURN_CODE).

set -u
_here=${BASH_SOURCE[0]%/*} # (dirname, without a process: ~190 scenarios start here)
[ "$_here" != "${BASH_SOURCE[0]}" ] || _here=.
[[ $_here == /* ]] || _here=$(cd "$_here" && pwd) # (ctest's HARNESS is absolute)
BIN=${BIN:-$_here/../build/bin}
DEMO=${DEMO:-0}
SCENARIO=${0##*/} SCENARIO=${SCENARIO%.sh}

# real_root: root in the machine's own user namespace, not the uid 0 that
# `unshare -r` maps a normal user to (capture, ip netns and tracefs need it).
real_root() { # (read in bash, to the end: no awk, and bash's read buffer left in sync)
    local a b ok=1
    [ "$EUID" = 0 ] || return 1
    while read -r a b _; do [ "$a" != 0 ] || [ "$b" != 0 ] || ok=0; done </proc/self/uid_map
    return $ok
}

_cap_sys_admin() { # CAP_SYS_ADMIN (bit 21) is in this process's effective set
    local k v=0
    while read -r k v; do [ "$k" != CapEff: ] || break; done </proc/self/status
    (((16#$v >> 21) & 1))
}

# --- a private network namespace: loopback only, ours alone -------------------
if { [ "$DEMO" != 1 ] || [ "${NETNS:-}" = always ]; } && [ "${NETNS:-yes}" != no ] &&
    [ -z "${_HARNESS_IN_NETNS:-}" ]; then
    if [ "$EUID" = 0 ]; then _ns_flags=-n; else _ns_flags=-rn; fi
    # (real root with CAP_SYS_ADMIN: no trial run, one namespace less per scenario)
    if { real_root && _cap_sys_admin; } || unshare $_ns_flags true 2>/dev/null; then
        _HARNESS_IN_NETNS=1 exec unshare $_ns_flags bash "$0" "$@"
    fi
fi
if [ -n "${_HARNESS_IN_NETNS:-}" ]; then
    ip link set lo up || { echo "cannot bring lo up in the namespace" >&2; exit 1; }
fi

# --- state ---------------------------------------------------------------------
# The scenario's private directory: on a tmpfs (/dev/shm) unless TMPDIR
# says otherwise, since a scenario creates and removes dozens of files and
# FIFOs, which cost a disk filesystem far more.
_tmp=${TMPDIR:-/tmp}
[ -n "${TMPDIR:-}" ] || ! [ -d /dev/shm ] || ! [ -w /dev/shm ] || _tmp=/dev/shm
# Bash's loadable builtins (Debian: bash-builtins, which scripts/deps
# installs), where there: `sleep` for the waits (nap, below), mktemp and
# mkfifo for the scenario's files, rm for its cleanup: no process for each.
_LOADABLES=
for _d in /usr/lib/bash /usr/lib64/bash /usr/local/lib/bash; do
    [ -e "$_d/sleep" ] && _LOADABLES=$_d && break
done
_builtin() { [ -n "$_LOADABLES" ] && enable -f "$_LOADABLES/$1" "$1" 2>/dev/null; }
if _builtin mktemp; then
    mktemp -d -v T "$_tmp/sock-$SCENARIO.XXXXXX" >/dev/null || exit 1
else
    T=$(mktemp -d "$_tmp/sock-$SCENARIO.XXXXXX") || exit 1
fi
_builtin mkfifo
: >"$T/timeline"
T0=${EPOCHREALTIME/./}
# nap SECS: sleep without forking a sleep(1) (a read that times out on a FIFO
# nobody writes). The waits poll every 10 ms; with a process per poll, eight
# parallel scenarios spent a good part of the suite's CPU on forks.
# (FIFOs come from one mkfifo call for the nap and eight stdins, more when
# a scenario starts more programs: one process, not one per program.)
_FIFOS=() _FIFO_N=0
_fifos() { # make eight more FIFOs for start()
    local i names=()
    for ((i = _FIFO_N; i < _FIFO_N + 8; i++)); do names+=("$T/.in$i"); done
    mkfifo "${names[@]}" || fail "mkfifo"
    _FIFOS+=("${names[@]}") _FIFO_N=$i
}
# nap never uses bash's `read -t`: bash 5.2 can crash (SIGSEGV, no EXIT
# trap, the scenario's directory left behind) when a signal lands in it.
# Each process that naps gets a helper (perl, which bash installs depend on:
# perl-base is Essential) that answers a line on a FIFO after the time asked;
# the shell waits in a plain `read`, which a signal interrupts cleanly.
# Without perl, nap forks sleep(1).
# Best of all, bash's loadable `sleep` (Debian: bash-builtins, which
# scripts/deps installs): a builtin, no process and no helper at all, and a
# signal ends it cleanly (it waits in pselect, not in read's alarm).
_NAP_OWNER= _NAP_REQ= _NAP_REP= _NAP_BUILTIN=
! _builtin sleep || _NAP_BUILTIN=1
nap() {
    [ -z "$_NAP_BUILTIN" ] || { sleep "$1"; return; }
    [ "$_NAP_OWNER" = "$BASHPID" ] || _nap_start
    if [ -n "$_NAP_REQ" ] && printf '%s\n' "$1" >&"$_NAP_REQ" 2>/dev/null; then
        IFS= read -r -u "$_NAP_REP" _ || :
    else
        sleep "$1"
    fi
}
_nap_start() {
    local f=$T/.nap$BASHPID
    _NAP_OWNER=$BASHPID _NAP_REQ= _NAP_REP=
    [ -z "$_NAP_BUILTIN" ] || return 0
    command -v perl >/dev/null 2>&1 && mkfifo "$f" 2>/dev/null || return 0
    exec {_NAP_REP}<>"$f"
    # it ignores the signals of a Ctrl-C or a kill of the group, and ends
    # when its last requester has gone (end of input, or a reply nobody reads)
    exec {_NAP_REQ}> >(! declare -F _close_held_fds >/dev/null || _close_held_fds
        exec perl -e '$SIG{INT} = $SIG{TERM} = $SIG{HUP} = "IGNORE";
        open(my $o, ">", $ARGV[0]) or exit 1; $o->autoflush(1);
        while (<STDIN>) { select(undef, undef, undef, $_ + 0); print $o "\n" or exit 0 }' "$f" >/dev/null 2>&1 3>&-)
}
_nap_close() { # in a child that must not hold the helper's pipes
    [ -z "$_NAP_REQ" ] || eval "exec $_NAP_REQ>&- $_NAP_REP<&-"
    _NAP_OWNER= _NAP_REQ= _NAP_REP=
}
_nap_start # now, while the shell holds no other file: the helper inherits none
# (not inside a live demo's pane: its tmux server is the one tests/live started)
[ -n "${LIVE_DIR:-}" ] || export TMUX_TMPDIR=$T
LEGEND="legend: server, client = a program's output; client< = typed into the client; wire = a segment (tcpdump's time); state = a TCP state change (kernel's time); ss, test = the test's checks"
declare -A _INFD=() _PIPE=() _FIFO_OF=()
_NAMES=()
STATUS=
PORT=
[ "$DEMO" = 1 ] && exec 3>&1 # demo: the live timeline goes to the terminal
declare -A _SILENT=() _STOPPED=()
[ -n "${WAIT_SECS:-}" ] || { [ "$DEMO" = 1 ] && WAIT_SECS=60 || WAIT_SECS=5; }
_VG=()
if [ -n "${VALGRIND:-}" ]; then
    _VG=(valgrind -q --error-exitcode=99 --track-fds=no)
    WAIT_SECS=$((WAIT_SECS * ${VALGRIND_SLOWDOWN:-4})) # one factor, set in tests/CMakeLists.txt
fi

# timer SHORT REAL: the value a test uses, or the notes' value in demo mode.
timer() { if [ "$DEMO" = 1 ] && [ "${DEMO_TIMERS:-real}" = real ]; then echo "$2"; else echo "$1"; fi; }

# now_ms: milliseconds since the scenario started.
now_ms() { echo $(((${EPOCHREALTIME/./} - T0) / 1000)); }

# note TAG TEXT: add a line to the timeline, stamped now.
note() { _record "${EPOCHREALTIME/./}" "$1" "$2"; }
_record() { # MICROSECONDS TAG TEXT (one record, one line: a newline in TEXT is shown as ⏎)
    printf '%s\t%s\t%s\n' "$1" "$2" "${3//$'\n'/⏎}" >>"$T/timeline"
}

# timeline_sorted: the records in time order (equal times: in order written).
timeline_sorted() { sort -t $'\t' -k1,1n -s "$T/timeline"; }

# timeline_format: records on stdin -> "[  1.002 server ] text" lines (in a
# demo wrapped at words to COLUMNS, default 100).
_AWK_LIVE= # mawk reads a pipe in big blocks unless told to read lines as they come
# (only a demo's printer reads a pipe as it grows: no awk and grep to ask, otherwise)
[ "$DEMO" != 1 ] || ! awk -W version 2>&1 | grep -q mawk || _AWK_LIVE="-W interactive"
timeline_format() {
    awk $_AWK_LIVE -F '\t' -v t0="$T0" -v w="$([ "$DEMO" = 1 ] && echo "${COLUMNS:-100}" || echo 0)" '{
        rel = ($1 - t0) / 1e6; text = substr($0, length($1) + length($2) + 3)
        if ($2 == "state") sub(/ ~/, "  peer ", text) # the connection'"'"'s other end
        if ($2 == "wire") sub(/ ~ /, " ", text) # (WIRECAP_SEQ: the numbers, shown)
        head = sprintf("[%7.3f %-7s] ", rel, $2)
        if (w + 0 < 40 || length(head text) <= w + 0) { print head text; fflush(); next }
        room = w - length(head); pre = head
        while (length(text) > room) {
            i = room; while (i > room / 3 && substr(text, i + 1, 1) != " ") i--
            if (i <= room / 3) i = room
            print pre substr(text, 1, i); text = substr(text, i + 1); sub(/^ +/, "", text)
            pre = sprintf("%" length(head) "s", "")
        }
        if (text != "") print pre text
        fflush() }'
}

# timeline_render: records on stdin in the chosen view (LADDER=1: a ladder).
timeline_render() {
    if [ "${LADDER:-}" = 1 ]; then "$_here/ladder" --rows --t0 "$T0"; else timeline_format; fi
}
_timeline_head() {
    if [ "${LADDER:-}" = 1 ] && [ -n "${LIVE_DIR:-}" ]; then
        "$_here/ladder" --head | sed '$d' # (the live pane has the headings in its border)
    elif [ "${LADDER:-}" = 1 ]; then "$_here/ladder" --head; else echo "$LEGEND"; fi
}

# The demo's printer: prints the records in time order, 0.25 s behind the
# clock, so that a capture line that arrives late still comes out in its
# place; `_printer_flush` prints the rest and stops it.
_PRINTER=
_printer() { _printer_loop | timeline_render >&3; } # one renderer: it keeps what it learnt
_printer_loop() {
    local lines=() pending=() ready rest cutoff rec fd line part= flushing
    exec {fd}<"$T/timeline" # read as it grows: each line once
    while :; do
        flushing=
        [ -e "$T/.flush" ] && flushing=1 cutoff=99999999999999999 || cutoff=$((${EPOCHREALTIME/./} - 250000))
        lines=()
        while IFS= read -r line <&"$fd"; do lines+=("$part$line") part=; done
        part+=$line # a record still being written: the rest comes later
        pending+=("${lines[@]}")
        ready=() rest=()
        for rec in "${pending[@]}"; do
            if [ "${rec%%$'\t'*}" -le "$cutoff" ]; then ready+=("$rec"); else rest+=("$rec"); fi
        done
        pending=("${rest[@]}")
        [ ${#ready[@]} -eq 0 ] || _print_in_order "${ready[@]}"
        [ -n "$flushing" ] && [ ${#pending[@]} -eq 0 ] && exit 0 # (all read after the flush began)
        nap 0.05 # the printer's pace
    done
}
_print_in_order() { # RECORD...: printed in time order (sort only when they are not)
    local rec prev=0 t
    for rec; do
        t=${rec%%$'\t'*}
        if [ "$t" -lt "$prev" ]; then printf '%s\n' "$@" | sort -t $'\t' -k1,1n -s; return; fi
        prev=$t
    done
    printf '%s\n' "$@"
}
_printer_flush() {
    [ -n "$_PRINTER" ] || return 0
    : >"$T/.flush"
    wait "$_PRINTER" 2>/dev/null
    _PRINTER=
}
if [ "$DEMO" = 1 ]; then
    _timeline_head >&3
    _printer &
    _PRINTER=$!
fi

_close_held_fds() {
    local fd
    for fd in "${_INFD[@]}"; do eval "exec $fd>&-"; done
}

_stamp() { # NAME: copy stdin to $T/NAME.out and, stamped, to the timeline
    local line LC_ALL=C # bytes, not characters: binary output keeps its lines
    local mark=$'\001exit ' # what start() adds after the program's own output
    local re='^@([0-9]+) (wire|state) (.*)$' fd
    # the files held open (O_APPEND, as `>>` is): no open and close per line
    exec {_OUT_FD}>>"$T/$1.out" {_TL_FD}>>"$T/timeline"
    [ -z "${_SILENT[$1]:-}" ] || exec {_STATE_FD}>>"$T/state.out" # (a capture: NAME is wire)
    while IFS= read -r line || [ -n "$line" ]; do
        if [[ $line == *"$mark"* ]]; then
            [ -z "${line%%"$mark"*}" ] || _stamp_line "$1" "${line%%"$mark"*}"
            [ -n "${_SILENT[$1]:-}" ] || { _exit_meaning "$1" "${line##*"$mark"}"
                printf '%s\t%s\t%s\n' "${EPOCHREALTIME/./}" "$1" "$_MEANING" >&"$_TL_FD"; }
        elif [ -n "${_SILENT[$1]:-}" ] && [[ $line =~ $re ]]; then
            # a capture line with the time it happened (tests/wirecap)
            [ "${BASH_REMATCH[2]}" = wire ] && fd=$_OUT_FD || fd=$_STATE_FD
            printf '%s\n' "${BASH_REMATCH[3]% ~*}" >&"$fd" # (no ` ~PEER`)
            printf '%s\t%s\t%s\n' "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}" "${BASH_REMATCH[3]}" >&"$_TL_FD"
        elif [ -n "${_SILENT[$1]:-}" ]; then
            printf '%s\n' "$line" >&"$_OUT_FD" # tcpdump's banner: not news
            [[ $line != "# "* ]] || note capture "${line#\# }"
        else
            _stamp_line "$1" "$line"
        fi
    done
}
_stamp_line() {
    printf '%s\n' "$2" >&"$_OUT_FD"
    printf '%s\t%s\t%s\n' "${EPOCHREALTIME/./}" "$1" "$2" >&"$_TL_FD"
}

# _exit_meaning NAME STATUS: _MEANING := the exit-status line of the
# timeline, explained. (Linux's signal numbers: the tests run there.)
_SIGNAMES=(0 HUP INT QUIT ILL TRAP ABRT BUS FPE KILL USR1 SEGV USR2 PIPE ALRM TERM STKFLT CHLD CONT STOP TSTP TTIN TTOU URG XCPU XFSZ VTALRM PROF WINCH IO PWR SYS)
_exit_meaning() {
    local rc=$2 sig why
    if [ "$rc" -gt 128 ] && [ "$rc" -lt $((128 + ${#_SIGNAMES[@]})) ]; then
        sig=${_SIGNAMES[rc - 128]}
        why="killed by SIG$sig"
        [ -z "${_STOPPED[$1]:-}" ] || { [ "$DEMO" = 1 ] && why+=", sent by the demo" || why+=", sent by the test"; }
    elif [ "$rc" = 0 ]; then
        _MEANING="(exit status 0)"; return
    elif [ "$rc" = 1 ]; then
        why="a runtime failure: see its error line above"
    elif [ "$rc" = 2 ]; then
        why="usage error"
    else
        why="see above"
    fi
    _MEANING="(exit status $rc: $why)"
}

# start NAME PROGRAM [ARGS...]: run PROGRAM (from $BIN unless it has a /)
# in the background. Its stdin is a pipe that `send` writes to and `eof`
# closes; set IN=FILE to feed a file instead. Signals start at their
# defaults: a background job of a script would ignore SIGINT and SIGQUIT,
# but bash's `exec` restores the dispositions the shell started with
# (default, unless whoever ran the scenario ignored some: then env(1)
# resets them all).
# (bash itself ignores SIGQUIT while it runs a script: not counted)
_SIGIGN=0
while read -r _k _SIGIGN; do [ "$_k" != SigIgn: ] || break; done </proc/self/status
start() {
    local name=$1 prog=$2 fifo fd f
    shift 2
    if [ "$name" = wire ] && [ "${prog##*/}" = tcpdump ] && [ "${CAPTURE:-}" = 1 ]; then
        _wire_from_tcpdump "$@" # a ladder: the scenario's own tcpdump, drawn
        return
    fi
    local vg=()
    [[ $prog == */* ]] || { prog=$BIN/$prog; vg=("${_VG[@]}"); }
    [ -x "$prog" ] || fail "no such program: $prog (build first)"
    running "$name" 2>/dev/null && [ -s "$T/$name.pid" ] && fail "$name is already running"
    _release "$name" # a name may be reused once its program has ended
    [ ! -e "$T/$name.out" ] || no_reports "$T/$name.out" # before it is overwritten
    : >"$T/$name.out"
    : >"$T/$name.pid" # (emptied, not removed: no rm per reused name)
    : >"$T/$name.rc"
    if [ -n "${IN:-}" ]; then
        fifo=$IN
    else
        [ ${#_FIFOS[@]} -gt 0 ] || _fifos
        fifo=${_FIFOS[0]} _FIFOS=("${_FIFOS[@]:1}")
        _FIFO_OF[$name]=$fifo
        exec {fd}<>"$fifo" # held open: the program sees EOF only at `eof`
        _INFD[$name]=$fd
    fi
    unset "_STOPPED[$name]"
    local shown=("$@")
    if [ -n "${DEMO_PORT:-}" ]; then # (scripts/ladders) the default port, as a recipe types it
        _demo_port "$@"
        set -- "${_ARGS[@]}"
        shown=("${_SHOWN[@]}")
    fi
    [ -n "${_SILENT[$name]:-}" ] || note "$name" "\$ ${prog##*/}${shown[*]:+ ${shown[*]}}"
    {
        _close_held_fds; _nap_close # the program gets 0, 1, 2 and its own
        # HARNESS_NAME/HARNESS_TIMELINE: tests/live-shim stamps typed lines when typed
        if (((16#$_SIGIGN & ~4) == 0)); then # exec: signals as the harness got them
            { HARNESS_NAME=$name HARNESS_TIMELINE=$T/timeline exec "${vg[@]}" "$prog" "$@"; } <"$fifo" 2>&1 &
        else # (some ignored from the start: env resets them, one process more)
            env --default-signal HARNESS_NAME="$name" HARNESS_TIMELINE="$T/timeline" \
                "${vg[@]}" "$prog" "$@" <"$fifo" 2>&1 &
        fi
        echo $! >"$T/$name.pid"
        wait $! 2>/dev/null # (no "Killed" line from bash: the timeline says it)
        rc=$?
        echo $rc >"$T/$name.rc"
        printf '\001exit %s\n' $rc # the timeline shows when it ended
    } | (_close_held_fds; _stamp "$name") &
    _PIPE[$name]=$!
    _NAMES+=("$name")
    until [ -s "$T/$name.pid" ]; do nap 0.005; done # the pid file comes first
}

# _demo_port ARGS: _ARGS := ARGS with `-p 0` as `-p $DEMO_PORT`; _SHOWN :=
# ARGS without any `-p $DEMO_PORT` (the default: a recipe does not type it).
_demo_port() {
    _ARGS=() _SHOWN=()
    while [ $# -gt 0 ]; do
        if [ "$1" = -p ] && [ $# -ge 2 ] && { [ "$2" = 0 ] || [ "$2" = "$DEMO_PORT" ]; }; then
            _ARGS+=(-p "$DEMO_PORT")
            shift 2
            continue
        fi
        _ARGS+=("$1") _SHOWN+=("$1")
        shift
    done
}

pid_of() { local pid; read -r pid <"$T/$1.pid" && echo "$pid"; }
_pid() { _PID=; read -r _PID <"$T/$1.pid"; } # NAME: _PID := its pid (no subshell)

# send NAME LINE...: type lines on NAME's stdin.
send() {
    local name=$1 line
    shift
    for line in "$@"; do
        [ -n "${LIVE_DIR:-}" ] || note "$name<" "$line" # live: stamped when typed
        printf '%s\n' "$line" >&"${_INFD[$name]}" || fail "cannot write to $name's stdin"
    done
}

# send_raw NAME FILE: put a file's bytes (NULs, no newline...) on NAME's stdin.
send_raw() {
    note "$1<" "($(wc -c <"$2") bytes from $(basename "$2"))"
    cat "$2" >&"${_INFD[$1]}" || fail "cannot write to $1's stdin"
}

# eof NAME: close NAME's stdin, as Ctrl-D does. (Only once NAME has opened
# it: a FIFO closed by its last holder drops what it buffered, and NAME's
# open would then wait for a writer for ever.)
eof() {
    [ -n "${_INFD[$1]:-}" ] || return 0
    within "$WAIT_SECS" _stdin_opened "$1" || fail "$1 never opened its stdin"
    [ -n "${LIVE_DIR:-}" ] || note "$1<" "(end of input)"
    _release "$1"
}
_stdin_opened() { # NAME: its fd 0 is its FIFO, or it has ended
    _pid "$1" || return 1
    [ "/proc/$_PID/fd/0" -ef "${_FIFO_OF[$1]}" ] || ! kill -0 "$_PID" 2>/dev/null
}
_release() {
    local fd=${_INFD[$1]:-}
    [ -n "$fd" ] || return 0
    eval "exec $fd>&-"
    unset "_INFD[$1]"
}

# within SECS COMMAND...: run COMMAND every 10 ms until it succeeds (status
# 0), or until SECS (whole seconds) have passed (status 1). Every wait of the
# harness is this one loop. `POLL_SECS=0.1 within ...` (or poll, wait_true):
# every 100 ms, for a COMMAND that forks tmux or lists thousands of sockets.
within() {
    local deadline=$((${EPOCHREALTIME/./} + $1 * 1000000)) i=0 pace=(0.005 0.01 0.02 0.04 0.05)
    shift
    until "$@"; do
        [ "${EPOCHREALTIME/./}" -le "$deadline" ] || return 1
        nap "${POLL_SECS:-${pace[i]}}" # poll
        [ "$i" = 4 ] || i=$((i + 1))
    done
}
# poll SECS WHAT COMMAND...: within, failing the test with "WHAT within SECS s".
poll() { within "$1" "${@:3}" || fail "$2 within ${1}s"; }

# wait_for NAME REGEX [SECS]: wait until NAME has printed a line matching
# the extended REGEX (MATCHED := that line); fail after SECS (default
# WAIT_SECS).
wait_for() { _wait_lines "$1" "$2" 1 "${3:-$WAIT_SECS}" "$1 did not print /$2/"; }
# _wait_lines NAME REGEX N SECS WHAT: the one reader behind wait_for and
# wait_count. It reads NAME's output as it grows, each line once, in bash:
# no grep forked every 10 ms (that was a sixth of the suite's CPU time).
_wait_lines() {
    local ok=0
    _SCAN_WANT=$3 _SCAN_PART= _SCAN_SEEN=0
    exec {_SCAN_FD}<"$T/$1.out"
    within "$4" _scan "$2" || ok=1
    exec {_SCAN_FD}<&-
    [ "$ok" = 0 ] || fail "$5 within ${4}s"
}
_scan() { # REGEX: true once _SCAN_WANT lines so far have matched
    local line # (in the scenario's locale, as grep was: UTF-8 patterns match characters)
    while IFS= read -r line <&"$_SCAN_FD"; do
        line=$_SCAN_PART$line _SCAN_PART=
        if [[ $line =~ $1 ]]; then
            MATCHED=$line
            _SCAN_SEEN=$((_SCAN_SEEN + 1))
            [ "$_SCAN_SEEN" -lt "$_SCAN_WANT" ] || return 0
        fi
    done
    _SCAN_PART+=$line # a line still being written: the rest comes later
    return 1
}

# ready NAME: wait for NAME's readiness line; PORT := the port it shows.
ready() {
    local line
    wait_for "$1" '^(listening on|bound to) '
    line=$MATCHED
    PORT=
    [[ $line =~ :([0-9]+)$ ]] && PORT=${BASH_REMATCH[1]}
    if [ "${CAPTURE:-}" = 1 ] && [ -n "$PORT" ] && [ -z "$_CAPTURE_TRIED" ]; then capture "$PORT"; fi
    return 0
}

# run_now NAME CODE PROGRAM [ARGS...]: run PROGRAM (from $BIN, under
# VALGRIND's memcheck as start would) to its end, now: no stdin, its output
# in $T/NAME.out (expect NAME reads it), bounded by WAIT_SECS (one that
# wrongly starts serving ends with 124); it must exit with CODE. For the
# programs that only parse their arguments: start's pipes and stamping cost
# ten times more.
run_now() {
    local name=$1 code=$2 rc
    shift 2
    timeout -k 1 "$WAIT_SECS" "${_VG[@]}" "$BIN/$1" "${@:2}" </dev/null >"$T/$name.out" 2>&1
    rc=$?
    note "$name" "\$ $* (exit status $rc)"
    [ "$rc" = "$code" ] || fail "$* exited with $rc, expected $code: $(head -c 600 "$T/$name.out")"
    no_reports "$T/$name.out"
}

# stopped NAME: wait until NAME is really stopped (after `stop NAME STOP`):
# SIGSTOP takes effect when the process next runs.
stopped() { _pid "$1"; poll "$WAIT_SECS" "$1 did not stop" _in_state "$_PID" T; }
_in_state() { local state; read -r _ _ state _ 2>/dev/null <"/proc/$1/stat" && [ "$state" = "$2" ]; }
_blocked_or_gone() { # PID: waits in a blocking call (S), or has ended (Z, or no entry)
    local state=
    read -r _ _ state _ 2>/dev/null <"/proc/$1/stat"
    [ "$state" = S ] || [ "$state" = Z ] || [ -z "$state" ]
}

# cpu_ticks NAME: CPU time NAME has used so far (user + system), in clock
# ticks (getconf CLK_TCK per second), for "it does not spin" checks.
cpu_ticks() {
    local stat
    _pid "$1"
    read -r -a stat <"/proc/$_PID/stat" || fail "no /proc entry for $1"
    echo $((stat[13] + stat[14]))
}

# wait_true WHAT COMMAND...: wait until COMMAND succeeds; fail after
# WAIT_SECS saying what never happened.
wait_true() { poll "$WAIT_SECS" "never happened: $1" "${@:2}"; }

# expect NAME REGEX / expect_not NAME REGEX: NAME has (not) printed a match.
# `expect` is the transcript's word, and like expect(1) it waits: each side's
# output reaches its file through its own pipe, so a line NAME printed just
# before another side's may land a moment later; it has WAIT_SECS to arrive.
# expect_not looks once, now.
expect() { wait_for "$1" "$2"; }
expect_not() {
    _count "$2" "$T/$1.out"
    [ "$_COUNT" = 0 ] || fail "$1 printed /$2/, it must not"
}
# _count REGEX FILE: _COUNT := how many lines of FILE match (in bash, as
# wait_for matches; grep only for a file of thousands of lines)
_count() {
    local line n=0 lines=0
    _COUNT=0
    [ -e "$2" ] || return 0
    while IFS= read -r line || [ -n "$line" ]; do
        if [ $((++lines)) -gt 2000 ]; then _COUNT=$(grep -Ec -- "$1" "$2"); return 0; fi
        [[ ! $line =~ $1 ]] || n=$((n + 1))
    done <"$2"
    _COUNT=$n
}

# wait_count NAME REGEX N [SECS]: wait until N lines of NAME match.
wait_count() { _wait_lines "$1" "$2" "$3" "${4:-$WAIT_SECS}" "$1 did not print /$2/ $3 times"; }

# expect_count NAME REGEX N: exactly N lines of NAME match.
# Like expect, it first waits (WAIT_SECS at most) for N lines to be in: a
# line printed before another program's may reach its file after it.
expect_count() {
    within "$WAIT_SECS" _count_reaches "$2" "$T/$1.out" "$3" || :
    [ "$_COUNT" -eq "$3" ] || fail "$1 printed /$2/ $_COUNT times, expected $3"
}
_count_reaches() { _count "$1" "$2"; [ "$_COUNT" -ge "$3" ]; }

running() { [ ! -s "$T/$1.rc" ]; }

# wait_exit NAME [SECS]: wait for NAME to end (and its output to be in);
# STATUS := its exit status (128+N when killed by signal N).
wait_exit() {
    local name=$1
    poll "${2:-$WAIT_SECS}" "$name did not end" _gone "${_PIPE[$name]}"
    wait "${_PIPE[$name]}" 2>/dev/null
    read -r STATUS <"$T/$name.rc"
}

# expect_exit NAME CODE [SECS]: NAME ends with status CODE.
expect_exit() {
    wait_exit "$1" "${3:-$WAIT_SECS}"
    [ "$STATUS" = "$2" ] || fail "$1 exited with $STATUS, expected $2"
}

# still_running NAME MS: NAME is still running MS milliseconds from now
# (the wait IS the scenario: "it stays blocked").
still_running() {
    local secs
    printf -v secs '%d.%03d' $(($2 / 1000)) $(($2 % 1000))
    sleep "$secs"
    running "$1" || fail "$1 ended (status $(cat "$T/$1.rc")); it should still be running"
}

# stop NAME [SIGNAL]: send a signal (default TERM) to NAME.
# A signal that ends NAME is sent once NAME waits in a blocking call (state
# S; 1 s at most), as a user's Ctrl-C would find it: a handler that only
# sets a flag misses a signal that lands between its flag test and that
# call, a window valgrind's slowness makes wide.
stop() {
    local pid
    _pid "$1"; pid=$_PID
    case ${2:-TERM} in
    STOP | CONT | TSTP | KILL) ;;
    *) within 1 _blocked_or_gone "$pid" || : ;;
    esac
    note "$1" "(signal ${2:-TERM})"
    case ${2:-TERM} in STOP | CONT | TSTP) ;; *) _STOPPED[$1]=1 ;; esac
    kill -s "${2:-TERM}" "$pid" 2>/dev/null || true
}

# expect_ss WHAT FILTER... / expect_no_ss WHAT FILTER...: kernel socket state.
expect_ss() {
    local what=$1 out
    shift
    out=$(ss -Htan "$@")
    note ss "$what: ${out:-(none)}"
    [ -n "$out" ] || fail "ss shows no $what (ss -tan $*)"
}
expect_no_ss() {
    local what=$1 out
    shift
    out=$(ss -Htan "$@")
    note ss "$what: ${out:-(none)}"
    [ -z "$out" ] || fail "ss shows $what, expected none: $out"
}

# wait_ss WHAT FILTER... [ss -tan filter]: wait until ss shows such a socket.
wait_ss() {
    poll "$WAIT_SECS" "ss never showed $1 (ss -tan ${*:2})" _ss_shows "${@:2}"
    note ss "$1: $_SS_OUT"
}
_ss_shows() { _SS_OUT=$(ss -Htan "$@") && [ -n "$_SS_OUT" ]; }
_gone() { ! kill -0 "$1" 2>/dev/null; }

# no_valgrind REASON: skip under VALGRIND=1, for checks of time or CPU use
# that memcheck's slowdown would break.
no_valgrind() {
    [ -z "${VALGRIND:-}" ] || skip "not run under valgrind: $*"
}

# VISIBLE: a perl statement turning $_ into what lib's put_visible prints
# for it (control characters and bytes outside well-formed UTF-8 as '?').
VISIBLE='s/([\x00-\x1f\x7f]|\xc2[\x80-\x9f])|([\x20-\x7e]|[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2})|./defined $2 ? $2 : "?"/gse;'

# need COMMAND...: skip the scenario (exit 77) when a tool is missing.
need() {
    local c
    for c in "$@"; do
        command -v "$c" >/dev/null 2>&1 || skip "$c is not installed"
    done
}

skip() {
    echo "SKIP $SCENARIO: $*"
    _SKIPPED=1
    exit 77
}

fail() {
    echo "FAIL $SCENARIO: $*" >&2
    _FAILED=1
    exit 1
}

# no_reports FILE...: fail on any sanitizer report (and memcheck's, under
# VALGRIND) in a program's output. pass() looks at every output; start()
# looks at a name's old output before a new program reuses the name.
# Only where a report can come from: SANITIZED=1 (tests/CMakeLists.txt sets
# it in a SOCK_SANITIZE build) or VALGRIND=1; a plain build prints none.
no_reports() {
    local re='AddressSanitizer|LeakSanitizer|runtime error' found
    [ -n "${SANITIZED:-}${VALGRIND:-}" ] || return 0
    [ -e "$1" ] || return 0 # no program ran (a glob that matched nothing)
    [ -z "${VALGRIND:-}" ] || re+='|^==[0-9]+== '
    found=$(grep -aHE -- "$re" "$@")
    [ -z "$found" ] || fail "sanitizer or valgrind reports:"$'\n'"$found"
}

# pass: the last line of every scenario.
pass() {
    no_reports "$T"/*.out
    # (the capture's last lines matter only where the timeline is shown or
    # drawn: a passing test's timeline is thrown away)
    if [ "$DEMO" = 1 ] || [ -n "${LADDER_SVG:-}${LADDER_OUT:-}${LADDER_TIMELINE:-}" ]; then
        _stop_capture
    else
        _stop_capture now
    fi
    _printer_flush
    _draw_ladder
    if [ "$DEMO" = 1 ]; then
        [ -n "${LIVE_DIR:-}" ] && [ "${LADDER:-}" = 1 ] || _summary # (live: the ladder is on screen)
        [ "${LADDER:-}" != 1 ] || timeline_sorted | "$_here/ladder" --summary
        echo "--- $SCENARIO: all checks passed"
    else
        echo "PASS $SCENARIO"
    fi
    exit 0
}

# _summary: in a demo, the decisive lines again at the end, so that they are
# still on screen when the demo stops (RSTs, errors, TIME-WAIT...).
_summary() {
    local re='RST|Broken pipe|reset by peer|refused|TIME-WAIT|unreachable|timed out|dead|in use'
    local lines
    lines=$(timeline_sorted | awk -F '\t' '$2 != "test" && $2 != "capture"' | timeline_format |
        grep -E -- "$re" | grep -v '\] \$ ' | tail -n 8)
    [ -z "$lines" ] || printf '%s\n' "--- the decisive lines:" "$lines"
}

# _stop_capture [now]: end the capture (its last lines are in, unless now)
# before the verdict.
_stop_capture() {
    [ -n "$WIRE" ] && running wire || return 0
    [ "${1:-}" = now ] || _capture_wait_quiet
    _pid wire && kill -TERM "$_PID" 2>/dev/null
    wait_exit wire 15 # (it prints what it held: seconds on a loaded machine)
}
_capture_wait_quiet() {
    # wirecap prints what tcpdump and the trace told it once both have had
    # their say (0.1 s or more): stop when it has been quiet for 0.3 s
    # (under load tcpdump lags), 3 s at most
    _QUIET_SIZE=-1 _QUIET_SINCE=0 _QUIET_START=
    within 4 _capture_quiet || :
}

# _draw_ladder: LADDER_SVG=FILE writes the whole timeline as an SVG ladder;
# LADDER_OUT=FILE the terminal ladder, LADDER_TIMELINE=FILE the sorted records
# (for scripts/ladders and tests/timeline).
_draw_ladder() {
    [ -n "${LADDER_SVG:-}${LADDER_OUT:-}${LADDER_TIMELINE:-}" ] || return 0
    if [ -n "${LADDER_OUT:-}" ]; then
        { "$_here/ladder" --head; timeline_sorted | "$_here/ladder" --rows --summary --t0 "$T0"; } >"$LADDER_OUT"
    fi
    if [ -n "${LADDER_SVG:-}" ]; then
        timeline_sorted | "$_here/ladder" --svg --t0 "$T0" --title "${LADDER_TITLE:-$SCENARIO}" >"$LADDER_SVG" ||
            fail "cannot write the SVG ladder to $LADDER_SVG"
        [ "$DEMO" != 1 ] || echo "--- the ladder as SVG: $LADDER_SVG"
    fi
    [ -z "${LADDER_TIMELINE:-}" ] || timeline_sorted >"$LADDER_TIMELINE"
}

# netns_new VAR: a second network namespace (lo up) for a scenario that
# needs more than one host; VAR := the pid of the process that holds it,
# which `ip link ... netns PID` and in_netns take. No name under /run/netns
# (`ip netns add` leaves a mount there, and its `exec` fails in a chroot):
# the namespace, and the links in it, go when its holder is killed at exit.
netns_new() {
    local pid
    unshare -n sleep 3600 &
    pid=$!
    on_exit "kill $pid"
    within "$WAIT_SECS" _netns_other "$pid" || return 1
    printf -v "$1" %s "$pid"
    in_netns "$pid" ip link set lo up
}
_netns_other() { ! [ "/proc/$1/ns/net" -ef "/proc/$$/ns/net" ] || ! kill -0 "$1" 2>/dev/null; }
# in_netns PID COMMAND...: run COMMAND in the network namespace of PID.
in_netns() { nsenter --net="/proc/$1/ns/net" "${@:2}"; }

# on_exit COMMAND: run COMMAND (eval) first thing on every exit path, e.g.
# `on_exit 'ip netns del "$NS"'` for what a scenario made outside the harness.
on_exit() { _ON_EXIT+=("$1"); }
_ON_EXIT=()

_cleanup() {
    local rc=$? name pid i cmd
    trap - EXIT INT TERM
    trap '' PIPE # the failure's timeline may meet a closed pipe too
    for cmd in "${_ON_EXIT[@]}"; do eval "$cmd" 2>/dev/null; done
    # Stop exactly what this scenario started, politely first.
    for name in "${_NAMES[@]}"; do
        if running "$name" && _pid "$name" && [ -n "$_PID" ]; then kill -TERM "$_PID" 2>/dev/null; fi
    done
    for name in "${_NAMES[@]}"; do
        for ((i = 0; i < 100; i++)); do
            kill -0 "${_PIPE[$name]}" 2>/dev/null || break
            nap 0.01 # poll
        done
        if kill -0 "${_PIPE[$name]}" 2>/dev/null && _pid "$name"; then
            kill -KILL "$_PID" 2>/dev/null
        fi
    done
    _close_held_fds
    _printer_flush
    _nap_close # its helper ends: a bare `wait` would wait for it too
    wait 2>/dev/null
    if [ "$rc" -ne 0 ] && [ "$rc" -ne 77 ] || [ -n "${_FAILED:-}" ]; then
        echo "--- timeline of $SCENARIO (seconds since start, side, line; $LEGEND):" >&2
        timeline_sorted | timeline_format >&2
    fi
    _builtin rm # (only now: the scenario's own `rm` stays the real one)
    rm -rf "$T"
    exit "$rc"
}
trap _cleanup EXIT
trap 'exit 130' INT TERM
# `tests/demo NAME | head -3`: a write to a closed stdout ends the scenario
# through its cleanup (SIGPIPE's default would skip it and leave $T)
trap 'exit 141' PIPE

# --- the wire view: the segments between the two programs ----------------------
# wire PORT: capture the TCP segments to and from PORT on lo with tcpdump
# (tests/wirecap) and show them in the timeline as [wire] lines:
#   client:40312 -> server:9527  [FIN,ACK] len 0
# Call it after `ready server`, before the client connects. Capture needs
# tcpdump and real root; when it is impossible a test skips with the reason,
# a demo goes on without the wire view. WIRE=1 while capturing.
# The same capture records the kernel's TCP state changes on PORT as [state]
# lines (in $T/state.out too), when root can read tracefs:
#   client:53058  ESTABLISHED -> FIN-WAIT-1
# Without them a `capture` line in the timeline says why.
WIRE= _CAPTURE_TRIED=
wire() {
    capture "$1" && return 0
    [ "$DEMO" = 1 ] || skip "no wire view: $_WHY"
    return 1
}
# capture PORT: as wire, but never skips (the ladder and CAPTURE=1 use it).
capture() {
    _WHY= _CAPTURE_TRIED=1
    [ -z "$WIRE" ] || return 0
    if ! command -v tcpdump >/dev/null 2>&1; then
        _WHY="tcpdump is not installed"
    elif ! real_root; then
        _WHY="capturing needs real root (tcpdump cannot drop privileges in an unprivileged namespace)"
    else
        _SILENT[wire]=1
        : >"$T/state.out"
        # WIRECAP_OWNER: wirecap ends itself (and its trace instance) if this
        # shell is killed with no chance to clean up (SIGKILL)
        WIRECAP_OWNER=$$ start wire "$_here/wirecap" "$1"
        within 5 _capture_settled
        grep -q '^listening on' "$T/wire.out" ||
            _WHY="tcpdump cannot capture here: $(tail -n 1 "$T/wire.out")"
    fi
    if [ -z "$_WHY" ]; then WIRE=1; return 0; fi
    note capture "no wire view: $_WHY"
    return 1
}
# _wire_from_tcpdump ARGS: a scenario that runs its own `start wire tcpdump
# -i IF ... FILTER` (another interface, a veth) gets tests/wirecap there
# instead when a ladder is drawn (CAPTURE=1): the same raw lines in
# wire.out for its checks (WIRECAP_RAW), and arrows and states in the
# timeline. The capture `ready` started on lo gives way to it.
_wire_from_tcpdump() {
    local ifc=lo filter= p=0
    while [ $# -gt 0 ]; do
        case $1 in
        -i) ifc=$2; shift ;;
        -i*) ifc=${1#-i} ;;
        -s | -c | -w | -W | -C | -G | -B | -j | -T | -y) shift ;;
        -*) ;;
        *) filter+=${filter:+ }$1 ;;
        esac
        shift
    done
    [[ $filter =~ port\ ([0-9]+) ]] && p=${BASH_REMATCH[1]}
    [ -z "$WIRE" ] || { _stop_capture now; WIRE=; } # (nothing of interest on lo)
    WIRECAP_IF=$ifc WIRECAP_FILTER=${filter:-tcp or udp or icmp or icmp6} WIRECAP_RAW=1 capture "$p"
}
_capture_quiet() {
    local size now=${EPOCHREALTIME/./} a=() b=()
    mapfile -t a <"$T/wire.out"
    [ ! -e "$T/state.out" ] || mapfile -t b <"$T/state.out"
    size=$((${#a[@]} + ${#b[@]}))
    if [ "$size" != "$_QUIET_SIZE" ]; then _QUIET_SIZE=$size _QUIET_SINCE=$now; [ -n "$_QUIET_START" ] || _QUIET_START=$now; return 1; fi
    [ $((now - _QUIET_SINCE)) -ge 300000 ] || [ $((now - _QUIET_START)) -ge 3000000 ]
}
_capture_settled() { _has_line '^listening on' "$T/wire.out" || ! running wire; }
_has_line() { # REGEX FILE: a line of FILE matches (in bash: polled, no grep per poll)
    local line
    while IFS= read -r line; do [[ ! $line =~ $1 ]] || return 0; done <"$2"
    return 1
}
# has_states: the capture has state lines (tests that assert states need it).
has_states() { # (wirecap says which, once its clock mapping is done)
    [ -n "$WIRE" ] && within 5 _states_known && grep -q '^# states: ' "$T/wire.out"
}
_states_known() { _has_line '^# (states|no state lines): ' "$T/wire.out"; }

# expect_state REGEX [SECS] / expect_no_state REGEX: a state line matching
# REGEX was (not) seen, e.g. expect_state "^client:$c  FIN-WAIT-1 -> FIN-WAIT-2$".
expect_state() { wait_for state "$1" "${2:-$WAIT_SECS}"; }
expect_no_state() { expect_not state "$1"; }

# lost REGEX N: the Nth segment on the wire matching REGEX never arrived (the
# scenario's nft rule dropped it after tcpdump saw it leave): the ladder
# draws it ending in ✕ and says so; the timeline has a `lost` line.
lost() {
    local us
    us=$(awk -F '\t' -v re="$1" -v n="$2" '$2 == "wire" && $3 ~ re && ++k == n { print $1; exit }' "$T/timeline")
    [ -n "$us" ] || fail "no segment /$1/ number $2 to mark as lost"
    _record "$us" lost "$(awk -F '\t' -v us="$us" -v re="$1" '$1 == us && $2 == "wire" && $3 ~ re { sub(/ ~ .*/, "", $3); print $3; exit }' "$T/timeline")"
}

# expect_wire REGEX [SECS] / expect_no_wire REGEX: a segment matching REGEX
# was (not) seen. In a demo without the wire view they check nothing.
expect_wire() { [ -z "$WIRE" ] || wait_for wire "$1" "${2:-$WAIT_SECS}"; }
expect_no_wire() { [ -z "$WIRE" ] || expect_not wire "$1"; }
