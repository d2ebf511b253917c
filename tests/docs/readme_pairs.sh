#!/usr/bin/env bash
# readme_pairs.sh [ROOT] - every README.md has a README.zh-CN.md beside it,
# and the two cannot drift apart silently:
#   - each links to the other: README.md has "](README.zh-CN.md", the
#     Chinese one "](README.md";
#   - both have the same number of headings (lines "# ...", "## ..." outside
#     code blocks);
#   - both have the same fenced code blocks (```), in the same order, with
#     the same fences and the same number of lines, each line equal byte for
#     byte once its comments and annotations are cut (a translation
#     translates those; the structure stays):
#       * in ```sh/```bash blocks (commands to type): a line whose first
#         non-blank character is # is a comment and is left out;
#       * in every block: a trailing comment, whitespace then "#" then a
#         space or the line's end after some text ("ss -tn   # note"), is
#         cut; so "heartbeat #1" stays, and so does a root prompt
#         "# ip link set lo up" at a line's start in a transcript;
#       * in ```c blocks: // comments and one-line /* ... */ comments are cut;
#       * in every block, an annotation beside a transcript's line is cut:
#         "<-" or "←" after a blank, and what follows it ("send bytes: 5
#         <- send() succeeds"), or a parenthesised note at the line's end
#         after two or more blanks ("... length 0     (probe)", or in
#         full-width parentheses, "（探测）");
#     then trailing blanks are cut. Commands, prompts ($ ...) and program
#     output must be equal: programs print the same text in both languages.
#   - README.zh-CN.md breaks no Chinese sentence across lines (a renderer
#     may show the line break as a space between two characters): outside
#     code blocks, tables and headings, a line that goes on in the next one
#     must neither end nor be followed by a Chinese character or full-width
#     punctuation (tests/docs/reflow-zh joins such lines).
# ROOT defaults to the repository; tests/docs/checker_fixtures.sh runs it on
# made-up pairs. Exit 0 when every pair agrees, 1 with every mismatch listed.
set -u
root=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
fails=0
problem() { echo "FAIL $*"; fails=$((fails + 1)); }

# headings FILE: the number of Markdown headings outside fenced blocks.
headings() { awk '/^```/ { inb = !inb; next } !inb && /^##?#?#?#?#?[ \t]/ { n++ } END { print n + 0 }' "$1"; }

# blocks FILE: each fenced block, normalised as above, after a "--- block N"
# line naming its opening fence.
blocks() {
    awk '
    /^```/ {
        if (!inb) { inb = 1; lang = substr($0, 4); gsub(/[ \t]/, "", lang); printf "--- block %d %s\n", ++n, $0; next }
        inb = 0; next
    }
    !inb { next }
    {
        line = $0
        if ((lang == "sh" || lang == "bash" || lang == "shell") && line ~ /^[ \t]*#/) next
        if (lang == "c") { sub(/[ \t]*\/\/.*$/, "", line); while (match(line, /\/\*.*\*\//)) line = substr(line, 1, RSTART - 1) substr(line, RSTART + RLENGTH) }
        if (match(line, /[^ \t][ \t]+#([ \t].*)?$/)) line = substr(line, 1, RSTART)
        if (match(line, /[ \t]+(<-|←)([ \t].*)?$/)) line = substr(line, 1, RSTART - 1)
        if (match(line, /[^ \t][ \t][ \t]+\([^()]*\)$/)) line = substr(line, 1, RSTART)
        if (match(line, /[^ \t][ \t][ \t]+（.*）$/)) line = substr(line, 1, RSTART)
        sub(/[ \t]+$/, "", line)
        print line
    }' "$1"
}

# broken_zh FILE: "LINE: text" for each line break inside a Chinese
# paragraph (or list item): outside fences, tables and headings, a non-blank
# line followed by a line that continues it (not blank, no heading, table,
# fence, list item or HTML), where a CJK character or full-width punctuation
# touches the break.
broken_zh() {
    LC_ALL=C.UTF-8 perl -CSD -ne '
        BEGIN { $cjk = qr/[\x{2E80}-\x{9FFF}\x{F900}-\x{FAFF}\x{FF00}-\x{FFEF}\x{3000}-\x{303F}\x{2018}-\x{201D}\x{2014}\x{2026}]/ }
        chomp;
        if (/^\s*```/) { $inb = !$inb; $prev = undef; next }
        if ($inb) { next }
        if (/^\s*$/) { $prev = undef; $blank = 1; next }
        my $starts = /^\s*([-*+]|\d+[.)])\s/;
        $inlist = 1 if $starts;
        $inlist = 0 if $blank && !/^\s/;
        # an indented code block: after a blank line, or going on
        $code = (($blank || $code) && /^(    |\t)/ && !$inlist) ? 1 : 0;
        $blank = 0;
        if ($code || /^\s*(#|\||<|>)/) { $prev = undef; next }
        if (defined $prev && !$starts && $prev !~ /(  |\\)$/ && ($prev =~ /$cjk\s*$/ || /^\s*$cjk/)) {
            printf "%d: %s\n", $. - 1, substr($prev, -20);
        }
        $prev = $_;
    ' "$1"
}

mapfile -t readmes < <(find "$root" \( -name .git -o -name 'build*' -o -name node_modules \) -prune -o -name README.md -print | sort)
[ ${#readmes[@]} -gt 0 ] || problem "no README.md under $root"
for en in "${readmes[@]}"; do
    dir=$(dirname "$en")
    zh=$dir/README.zh-CN.md
    rel=${en#"$root"/}
    relzh=${zh#"$root"/}
    if [ ! -f "$zh" ]; then
        problem "$relzh is missing (the Chinese twin of $rel)"
        continue
    fi
    grep -q '](README.zh-CN.md' "$en" || problem "$rel does not link to README.zh-CN.md"
    grep -q '](README.md' "$zh" || problem "$relzh does not link to README.md"
    he=$(headings "$en") hz=$(headings "$zh")
    [ "$he" = "$hz" ] || problem "headings: $rel has $he, $relzh has $hz"
    if out=$(broken_zh "$zh") && [ -n "$out" ]; then
        problem "$relzh breaks Chinese sentences across lines (tests/docs/reflow-zh joins them), after line:"
        printf '%s\n' "$out" | head -n 5 | sed 's/^/    /'
    fi
    if ! out=$(diff <(blocks "$en") <(blocks "$zh")); then
        problem "code blocks differ between $rel (<) and $relzh (>), comments aside:"
        printf '%s\n' "$out" | head -n 20 | sed 's/^/    /'
    fi
done
echo "readme_pairs: ${#readmes[@]} README.md files, $fails problems"
[ $fails -eq 0 ]
