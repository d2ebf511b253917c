#!/usr/bin/env bash
# The companion pages in a real browser: scripts/book builds the closing
# chapter's page (English and Chinese) from a recorded run (fixtures/
# close_vs_shutdown_notes: no network, no root), and Debian's chromium
# (headless, --dump-dom: the DOM after the page's scripts ran) shows, on
# the Chinese page (the English one is checked as built):
#   - no script error; as many arrows as the run had segments;
#   - the state diagram with the path highlighted (both sides' colours);
#   - the step-through advancing on key events (#step=N: N presses of →):
#     step N lights up exactly one time's ladder row and transcript line;
#   - the geometry a reader sees: no text outside its picture (each
#     label's box inside the SVG's), no text over another, no line or curve
#     through a text (an arrow through its label, a lifeline through a note),
#     no picture restyled by another's rules (inline SVGs share one sheet);
#   - each demo with its recipe and the notes' sections (from the README);
#   - every committed */ladder.svg and */states.svg (scripts/book
#     --pictures): the same geometry, and all their arrows.
# One browser run (a browser's start is the dearest part of the test):
# the committed pictures' sections are put after the Chinese page's own,
# the step-through and the arrows of the page's demo come first. The run
# also takes a screenshot, kept for a reader (not compared):
# BUILD/artifacts/book/closing.zh-CN.png (BUILD: the build directory, $BIN/..).
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
# Debian's chromium-headless-shell (Blink without the desktop browser: about
# 0.9 CPU-s a page against 2.8), or the full chromium where only it is there
browser=$(command -v chromium-headless-shell || command -v chromium || command -v chromium-browser) ||
    skip "no chromium (scripts/deps --browser installs chromium-headless-shell)"
root=$(cd "$_here/.." && pwd)
fx=$_here/timeline/fixtures/close_vs_shutdown_notes
art=$(cd "$BIN/.." 2>/dev/null && pwd)/artifacts/book
mkdir -p "$T/rec" "$T/book" "$art" || fail "cannot make $art"
cp "$fx.tsv" "$T/rec/close-vs-shutdown.tsv"
cp "$fx.raw" "$T/rec/close-vs-shutdown.raw"
"$root/scripts/book" --from "$T/rec" -o "$T/book" >"$T/book.out" 2>&1 || fail "scripts/book --from: $(cat "$T/book.out")"
"$root/scripts/book" --pictures -o "$T/book" >>"$T/book.out" 2>&1 || fail "scripts/book --pictures: $(cat "$T/book.out")"
for f in index.html index.zh-CN.html closing.html closing.zh-CN.html pictures.html; do
    [ -s "$T/book/$f" ] || fail "no $f"
done
! grep -Eq '(src|href)="https?:' "$T/book"/*.html || fail "a page loads something from the network"

dom() { # PAGE HASH: the DOM after its scripts ran, in $T/PAGE.dom
    HOME=$T timeout 60 "$browser" --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="$T/chrome-$1" \
        --window-size=1280,1400 --hide-scrollbars --screenshot="$art/${1%.html}.png" \
        --dump-dom "file://$T/book/$1#$2" >"$T/$1.dom" 2>"$T/$1.err"
}
step=12
# (one browser run, the dearest part: the Chinese page, which needs the CJK
# font, with the committed pictures' sections after its own; the English
# page is the same renderer and script, checked below as built)
awk 'FNR == 1 { f++; on = f == 1 } /^<script>/ { on = 0 } on { print } f == 2 && /<body>$/ { on = 1 }' \
    "$T/book/closing.zh-CN.html" "$T/book/pictures.html" >"$T/book/check.html"
sed -n '/^<script>/,$p' "$T/book/closing.zh-CN.html" >>"$T/book/check.html"
[ "$(grep -c '<section class="demo"' "$T/book/check.html")" -gt 2 ] || fail "the check page holds not both pages' pictures"
dom check.html "step=${step}check"
cp "$art/check.png" "$art/closing.zh-CN.png" 2>/dev/null && rm -f "$art/check.png"
for p in check.html; do
    body=$(grep -o '<body[^>]*>' "$T/$p.dom")
    [[ $body == *'data-ready="1"'* ]] || fail "$p: the script did not run: ${body:-no DOM} $(grep -v -i dbus "$T/$p.err" | tail -n 2)"
    [[ $body != *data-error* ]] || fail "$p: a script error: $body"
    [[ $body == *'data-clipped="0"'* ]] || fail "$p: text outside its picture: $body; $(grep -o '<text[^>]*data-clipped[^>]*>[^<]*' "$T/$p.dom" | head -n 3)"
    [[ $body == *'data-overlaps="0"'* ]] || fail "$p: a text over another: $body; $(grep -o '<text[^>]*data-overlap[^>]*>[^<]*' "$T/$p.dom" | head -n 4)"
    [[ $body == *'data-restyled="0"'* ]] || fail "$p: a picture styled by another's rules: $body"
    [[ $body == *'data-crossed="0"'* ]] || fail "$p: a line through a text: $body; $(grep -o '<text[^>]*data-crossed[^>]*>[^<]*' "$T/$p.dom" | head -n 3)"
    [ -s "$art/closing.zh-CN.png" ] || fail "$p: no screenshot in $art"
done
nw=$(grep -c $'\twire\t' "$fx.tsv")
na=$(cat "$root"/*/ladder.svg | grep -c 'class="seg')
[ "$(grep -c '<g class="seg' "$T/book/closing.html")" = "$nw" ] && grep -q '<line class="hl c"' "$T/book/closing.html" &&
    [ "$(grep -c '<li data-t=' "$T/book/closing.html")" = "$(grep -c . "$fx.tsv")" ] || fail "closing.html: not the arrows, path and transcript of the run"
for p in check.html; do
    grep -q "<body[^>]* data-arrows=\"$((nw + na))\"" "$T/$p.dom" ||
        fail "$p: not $nw + $na arrows (the run's, the committed pictures'): $(grep -o '<body[^>]*>' "$T/$p.dom")"
    grep -q '<line class="hl c"' "$T/$p.dom" && grep -q '<line class="hl s"' "$T/$p.dom" || fail "$p: no highlighted path"
    grep -q "data-step=\"$step\"" "$T/$p.dom" || fail "$p: the step-through did not advance to $step"
    # the step's time: the 12th distinct time of the run
    t=$(cut -f1 "$fx.tsv" | sort -n -u | sed -n "${step}p")
    on=$(grep -oE 'data-t="[0-9]+" class="[^"]*\bon\b' "$T/$p.dom" | sed -E 's/data-t="([0-9]+)".*/\1/' | sort -u)
    [ "$on" = "$t" ] || fail "$p: step $step lights up $(echo $on), not $t"
    grep -q "<g class=\"row on\" data-t=\"$t\"" "$T/$p.dom" && grep -q "<li data-t=\"$t\" class=\"on\"" "$T/$p.dom" ||
        fail "$p: step $step lights up not both the ladder row and its transcript line"
done
grep -q '时序图' "$T/check.html.dom" || fail "the Chinese page is not in Chinese"
# the recipe and the notes' sections, in each language (the headline demo's:
# the README's two-terminal recipe)
grep -q '<pre class="recipe">build/bin/graceserver' "$T/book/closing.html" && grep -q '<p class="notes">Course notes: ' "$T/book/closing.html" &&
    grep -q '<pre class="recipe">build/bin/graceserver' "$T/check.html.dom" && grep -q '<p class="notes">课程笔记：' "$T/check.html.dom" ||
    fail "closing: no recipe or no notes' sections on the page"
note test "closing (en, zh): $nw arrows, step $step, nothing clipped, crossed or overlapping; committed pictures: $na arrows, likewise; screenshots in $art"
pass
