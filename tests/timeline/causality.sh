#!/usr/bin/env bash
# Causality over the headline scenario (closing's close_vs_shutdown: close,
# then shutdown, data both ways; close_states covers abort's states): in the printed (time-sorted)
# timeline no line reporting received data comes before a segment that
# carried data to that side, and the state lines keep the order in which the
# kernel made the changes (each socket's chain old -> new unbroken). Also:
# the SVG ladder of the same run is well-formed XML and holds the same arrows,
# in the same order and direction, as the terminal ladder.
# timeout: 60
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
need tcpdump
real_root || skip "capturing needs root"
tests=$(cd "$_here" && pwd)

check_causal() { # TIMELINE: records sorted by time
    awk -F '\t' '
    $2 == "wire" && / len [1-9]/ { if ($3 ~ /-> server/) segs["s"]++; else segs["c"]++ }
    $2 ~ /^server/ && $3 ~ /^received [0-9]+ bytes/ { got["s"]++; if (got["s"] > segs["s"]) { print "server received before any segment: " $0; bad = 1 } }
    $2 ~ /^client/ && $2 !~ /</ && $3 ~ /^Hi, / { got["c"]++; if (got["c"] > segs["c"]) { print "client received before any segment: " $0; bad = 1 } }
    $2 == "state" && $3 ~ / -> / { # each client socket: old state = the previous new state
        split($3, a, "  "); sock = a[1]; sub(/ ~.*$/, "", a[2]); split(a[2], st, " -> ")
        if (sock ~ /^client/ && (sock in last) && last[sock] != st[1]) { print "state order broken for " sock ": " last[sock] " then " $3; bad = 1 }
        last[sock] = st[2] }
    END { exit bad }' "$1"
}
arrows_txt() { grep -oE '│(──[^│]*▶|◀[^│]*──)│' "$1" | sed -E 's/^│──([^─]+)─.*$/> \1/; s/^│◀─*([^─]+)──│$/< \1/'; }
arrows_svg() { grep -oE '<g class="seg (c2s|s2c)">.*</g>' "$1" | sed -E 's/^<g class="seg (c2s|s2c)">.*class="lbl">([^<]*)<\/text><\/g>$/\1 \2/; s/^c2s/>/; s/^s2c/</'; }

for s in closing/close_vs_shutdown; do # the headline: close and shutdown, data both ways
    name=${s//\//_}
    LADDER_OUT=$T/$name.ladder LADDER_SVG=$T/$name.svg LADDER_TIMELINE=$T/$name.tsv \
        bash "$tests/$s.sh" >"$T/$name.run" 2>&1 || fail "$s failed: $(tail -n 5 "$T/$name.run")"
    grep -q . "$T/$name.tsv" || fail "$s wrote no timeline"
    grep -qP '\tstate\t' "$T/$name.tsv" || fail "$s has no state lines"
    check_causal "$T/$name.tsv" >"$T/$name.causal" || fail "$s: $(cat "$T/$name.causal")"
    if command -v xmllint >/dev/null 2>&1; then
        xmllint --noout "$T/$name.svg" 2>"$T/$name.xml" || fail "$s: the SVG is not well-formed: $(cat "$T/$name.xml")"
    fi
    arrows_txt "$T/$name.ladder" >"$T/$name.a1"
    arrows_svg "$T/$name.svg" >"$T/$name.a2"
    [ -s "$T/$name.a1" ] || fail "$s: no arrows in the terminal ladder"
    diff "$T/$name.a1" "$T/$name.a2" >&2 || fail "$s: the SVG's arrows differ from the terminal ladder's (above)"
    note test "$s: causal, $(grep -c . "$T/$name.a1") arrows in both ladders"
done
pass
