#!/usr/bin/env bash
# readme_pairs.sh [ROOT] - every README.md has a README.zh-CN.md beside it,
# and the two cannot drift apart silently:
#   - each links to the other: README.md has "](README.zh-CN.md", the
#     Chinese one "](README.md";
#   - both have the same number of headings (lines "# ...", "## ..." outside
#     code blocks);
#   - both have the same fenced code blocks (```), in the same order, equal
#     byte for byte except for comments, which a translation translates:
#       * in ```sh/```bash blocks (commands to type): a line whose first
#         non-blank character is # is a comment and is left out;
#       * in every block: a trailing comment, whitespace then "#" then a
#         space or the line's end after some text ("ss -tn   # note"), is
#         cut; so "heartbeat #1" stays, and so does a root prompt
#         "# ip link set lo up" at a line's start in a transcript;
#       * in ```c blocks: // comments and one-line /* ... */ comments are cut;
#     then trailing blanks are cut. Commands, prompts ($ ...) and program
#     output must be equal: programs print the same text in both languages.
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
        sub(/[ \t]+$/, "", line)
        print line
    }' "$1"
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
    if ! out=$(diff <(blocks "$en") <(blocks "$zh")); then
        problem "code blocks differ between $rel (<) and $relzh (>), comments aside:"
        printf '%s\n' "$out" | head -n 20 | sed 's/^/    /'
    fi
done
echo "readme_pairs: ${#readmes[@]} README.md files, $fails problems"
[ $fails -eq 0 ]
