#!/usr/bin/env bash
# Input the demo tools trust, and what they print, without running a
# scenario (no root needed):
#   - demo names are names, never patterns: '.*', 'close.*' and a prefix are
#     unknown names (exit 2, the list on stderr), not some scenario;
#   - --svg wants FILE.svg in a directory that exists and can be written:
#     `--svg NAME` (no file), a missing directory, a directory as the file
#     are each refused with one line and exit 2 before anything runs;
#   - scripts/watch reads -p as decimal (09 and 010 are 9 and 10, never
#     octal) and refuses 0, 65536, -1 and words (exit 2);
#   - nothing tests/demo prints (the list, the titles) is wider than
#     COLUMNS (60 and 100), and the ladder's colour (--color) marks states.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
demo=$_here/demo
watch=$_here/../scripts/watch

refused() { # WHAT EXPECTED-RE COMMAND...: exit 2 and one line matching RE
    local what=$1 re=$2 rc l ok=0
    shift 2
    "$@" >"$T/out" 2>"$T/err"
    rc=$?
    [ "$rc" = 2 ] || fail "$what: exit $rc, expected 2 ($(head -n 2 "$T/out" "$T/err"))"
    while IFS= read -r l; do [[ ! $l =~ $re ]] || { ok=1; break; }; done <"$T/err" # (bash: no grep each)
    [ "$ok" = 1 ] || fail "$what: no /$re/ on stderr: $(head -n 2 "$T/err")"
    [ ! -s "$T/out" ] || fail "$what: printed on stdout: $(head -n 2 "$T/out")"
}
for name in '.*' 'close.*' 'close' '^close-vs-shutdown$' 'close-vs-shutdown '; do
    refused "tests/demo '$name'" "^tests/demo: no scenario named '" "$demo" "$name"
done
refused "--svg without a file" '^tests/demo: --svg needs a file name ending in \.svg' "$demo" --svg close-vs-shutdown
refused "--svg at the end" '^tests/demo: --svg needs a file name ending in \.svg' "$demo" --svg
refused "--svg into a missing directory" '^tests/demo: --svg: no such directory: /nonexistent-dir$' \
    "$demo" --svg /nonexistent-dir/x.svg close-vs-shutdown
mkdir "$T/a.svg"
refused "--svg onto a directory" '^tests/demo: --svg: .* is a directory$' "$demo" --svg "$T/a.svg" close-vs-shutdown
note test "names and --svg: refused before anything runs"

# the watcher's port: decimal, 1-65535 (as root it starts, so only the refusals here,
# and the port it would watch from its header when it may run: timeline/watch.sh)
for p in 0 65536 -1 9x x 0x10 '' 123456; do
    refused "scripts/watch -p '$p'" "^scripts/watch: (invalid port|option -p needs a value)" "$watch" -p "$p"
done
note test "scripts/watch: bad ports refused"

for c in 60 100; do
    COLUMNS=$c "$demo" >"$T/list.$c" || fail "tests/demo (the list) failed"
    wide=$(perl -CSD -nle "print if length > $c" "$T/list.$c" | head -n 1)
    [ -z "$wide" ] || fail "COLUMNS=$c: the list has a wider line: $wide"
    COLUMNS=$c "$_here/ladder" --head >"$T/head.$c"
    wide=$(perl -CSD -nle "print if length > $c" "$T/head.$c" | head -n 1)
    [ -z "$wide" ] || fail "COLUMNS=$c: the ladder's legend has a wider line: $wide"
done
grep -q '^  close-vs-shutdown (closing)$' "$T/list.100" || fail "the list lacks close-vs-shutdown"
n=$(grep -c '^  [a-z0-9-]* ([a-z0-9]*)$' "$T/list.100")
note test "the list: $n demos, within 60 and 100 columns"

printf '1000000\tstate\tclient:40001  ESTABLISHED -> FIN-WAIT-1 ~server:9527\n1000001\tstate\tclient:40001  sends RST ~server:9527\n' |
    LADDER_COLOR=1 "$_here/ladder" --rows >"$T/color"
grep -q $'\033\[32m\[ESTABLISHED → FIN-WAIT-1\]\033\[0m' "$T/color" || fail "--color: the state is not green"
grep -q $'\033\[1;31m\[sends RST\]\033\[0m' "$T/color" || fail "--color: the RST is not red"
printf '1000000\tstate\tclient:40001  ESTABLISHED -> FIN-WAIT-1 ~server:9527\n' | "$_here/ladder" --rows | grep -q $'\033' &&
    fail "colour without --color"
pass
