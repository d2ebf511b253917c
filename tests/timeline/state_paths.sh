#!/usr/bin/env bash
# The path each side took through the TCP states (tests/states, as
# `tests/demo --states` prints it and draws it), from a recorded run without
# a network (fixtures/close_vs_shutdown_notes.tsv: the headline scenario with
# the notes' timers):
#   - the printed paths, one per connection and the listener, exactly;
#   - the SVG is RFC 9293's figure: eleven states (CLOSED drawn twice, at the
#     start and the end, as the figure does) and its twenty transitions;
#   - it highlights exactly the transitions each side took, in its colour
#     (class "hl c" / "hl s"), the ones the figure has no arrow for (an RST
#     ends FIN-WAIT-2 and CLOSE-WAIT) dashed and named, and outlines exactly
#     the states each side was in;
#   - one connection: `client: CLOSED → SYN-SENT → ...`, without a port.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
fx=$_here/timeline/fixtures/close_vs_shutdown_notes.tsv
"$_here/states" --paths <"$fx" >"$T/paths"
cat >"$T/want" <<'END'
client :33460: CLOSED → SYN-SENT → ESTABLISHED → FIN-WAIT-1 → FIN-WAIT-2 → CLOSED
server :33460: LISTEN → SYN-RECV → ESTABLISHED → CLOSE-WAIT → CLOSED
client :55506: CLOSED → SYN-SENT → ESTABLISHED → FIN-WAIT-1 → FIN-WAIT-2 → TIME-WAIT
server :55506: LISTEN → SYN-RECV → ESTABLISHED → CLOSE-WAIT → LAST-ACK → CLOSED
server (listener): LISTEN → CLOSED
END
diff "$T/want" "$T/paths" >&2 || fail "the printed paths differ (above)"

"$_here/states" --svg --title close-vs-shutdown <"$fx" >"$T/s.svg"
if command -v xmllint >/dev/null 2>&1; then xmllint --noout "$T/s.svg" || fail "the SVG is not well-formed XML"; fi
states=$(grep -o 'data-state="[^"]*"' "$T/s.svg" | sort -u | grep -c .)
[ "$states" = 11 ] || fail "$states states in the figure, not 11"
[ "$(grep -c '<g class="edge"' "$T/s.svg")" = 20 ] || fail "$(grep -c '<g class="edge"' "$T/s.svg") transitions in the figure, not 20"
# taken: "c FROM>TO" for each change in the printed paths; drawn: the
# highlighted arrows (solid or dashed)
awk -F ': ' '{ sd = substr($1, 1, 1); n = split($2, p, " → "); for (i = 2; i <= n; i++) print sd " " p[i - 1] ">" p[i] }' "$T/paths" |
    sort -u >"$T/taken"
grep -oE 'class="hl (off )?[cs]" data-edge="[^"]*"' "$T/s.svg" |
    sed -E 's/^class="hl (off )?([cs])" data-edge="([^"]*)"$/\2 \3/; s/&gt;/>/' | sort >"$T/drawn"
diff "$T/taken" "$T/drawn" >&2 || fail "the highlighted transitions are not the ones taken (above: < taken, > drawn)"
[ "$(grep -c 'class="hl off' "$T/s.svg")" = 2 ] || fail "not two dashed changes (FIN-WAIT-2 → CLOSED, CLOSE-WAIT → CLOSED)"
grep -q '>not in the figure: FIN-WAIT-2 → CLOSED<' "$T/s.svg" && grep -q '>not in the figure: CLOSE-WAIT → CLOSED<' "$T/s.svg" ||
    fail "the changes off the figure are not named"
for sd in c s; do
    want=$(grep "^$sd " "$T/taken" | sed -E 's/^. //; s/>/\n/' | sort -u)
    got=$(grep -oE "<rect class=\"node[^\"]* hl-$sd[^\"]*\" data-state=\"[^\"]*\"" "$T/s.svg" | sed -E 's/.*data-state="([^"]*)"/\1/' | sort -u)
    [ "$want" = "$got" ] || fail "side $sd: the states outlined ($(echo $got)) are not the ones it was in ($(echo $want))"
done
note test "$(grep -c . "$T/taken") transitions taken, the same highlighted"

# one connection: no port
t=$'\t'
printf '%s\n' "1${t}state${t}client:40000  CLOSED -> SYN-SENT ~server:9527" \
    "2${t}state${t}client:40000  SYN-SENT -> ESTABLISHED ~server:9527" \
    "3${t}state${t}server:9527  LISTEN -> SYN-RECV ~client:40000" >"$T/one.tsv"
got=$("$_here/states" <"$T/one.tsv" | head -n 1)
[ "$got" = "client: CLOSED → SYN-SENT → ESTABLISHED" ] || fail "one connection: $got"
pass
