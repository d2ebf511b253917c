#!/usr/bin/env bash
# The ladder renderer without a network: a recorded timeline
# (fixtures/close_vs_shutdown.tsv, one real run of closing/close_vs_shutdown
# with its wire and state lines, times shifted to start at 1 s) drawn by
# tests/ladder must give exactly fixtures/close_vs_shutdown.ladder; its SVG is
# well-formed XML with the same arrows in the same order; no row is wider
# than 100 columns. (Regenerate the .ladder after a deliberate change:
# { tests/ladder --head; tests/ladder --rows --t0 1000000 <F.tsv; } >F.ladder)
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
fx=$_here/timeline/fixtures/close_vs_shutdown
{ "$_here/ladder" --head; "$_here/ladder" --rows --t0 1000000 <"$fx.tsv"; } >"$T/ladder"
diff "$fx.ladder" "$T/ladder" >&2 || fail "the ladder differs from $fx.ladder (above)"
wide=$(perl -CSD -nle 'print if length > 100' "$T/ladder" | head -n 1)
[ -z "$wide" ] || fail "a row is wider than 100 columns: $wide"
grep -q '│──FIN,ACK──*▶│' "$T/ladder" || fail "no client FIN arrow"
grep -q '│◀─*PSH,ACK len 9──│' "$T/ladder" || fail "no reply arrow"
grep -q 'FIN-WAIT-2 → TIME-WAIT' "$T/ladder" || fail "no TIME-WAIT in the ladder"

"$_here/ladder" --svg --t0 1000000 --title close-vs-shutdown <"$fx.tsv" >"$T/ladder.svg"
if command -v xmllint >/dev/null 2>&1; then
    xmllint --noout "$T/ladder.svg" || fail "the SVG is not well-formed XML"
else # a strict enough check of our own: one root, every tag closed
    [ "$(grep -c '^<svg ' "$T/ladder.svg")" = 1 ] && [ "$(tail -n 1 "$T/ladder.svg")" = '</svg>' ] ||
        fail "the SVG is not one <svg> element"
fi
grep -oE '│(──[^│]*▶|◀[^│]*──)│' "$T/ladder" |
    sed -E 's/^│──([^─]+)─.*$/> \1/; s/^│◀─*([^─]+)──│$/< \1/' >"$T/a1"
grep -oE '<g class="seg (c2s|s2c)">.*</g>' "$T/ladder.svg" |
    sed -E 's/^<g class="seg (c2s|s2c)">.*class="lbl">([^<]*)<\/text><\/g>$/\1 \2/; s/^c2s/>/; s/^s2c/</' >"$T/a2"
[ "$(grep -c . "$T/a1")" -ge 20 ] || fail "too few arrows: $(grep -c . "$T/a1")"
diff "$T/a1" "$T/a2" >&2 || fail "the SVG's arrows differ from the ladder's (above)"
note test "$(grep -c . "$T/a1") arrows, the same in both"
pass
