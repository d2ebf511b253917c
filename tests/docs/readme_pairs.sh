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
# One perl reads every pair (an awk, grep and perl per file and check were
# ten processes per README, and checker_fixtures runs this a dozen times);
# diff(1) shows the blocks of a pair that differ.
set -u
root=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
fails=0
problem() { echo "FAIL $*"; fails=$((fails + 1)); }

mapfile -t readmes < <(find "$root" \( -name .git -o -name 'build*' -o -name node_modules \) -prune -o -name README.md -print | sort)
[ ${#readmes[@]} -gt 0 ] || problem "no README.md under $root"
D=${TMPDIR:-/tmp}/readme-pairs.$$ # (made by the perl only when blocks differ)
trap '[ ! -d "$D" ] || rm -rf "$D"' EXIT

# The perl prints one line per problem, in the order of the checks above:
# "FAIL TEXT", "MORE TEXT" (a line that goes with the problem before it),
# or "DIFF N REL RELZH": the normalised blocks of pair N differ ($D/N.en
# and $D/N.zh hold them). Files are read as bytes (as awk did), except for
# the line-break check, which reads README.zh-CN.md as UTF-8 characters.
while IFS= read -r line; do
    case $line in
    "FAIL "*) problem "${line#FAIL }" ;;
    "MORE "*) printf '%s\n' "${line#MORE }" ;;
    "DIFF "*)
        read -r _ n rel relzh <<<"$line"
        problem "code blocks differ between $rel (<) and $relzh (>), comments aside:"
        diff "$D/$n.en" "$D/$n.zh" | head -n 20 | sed 's/^/    /'
        ;;
    esac
done < <(ROOT=$root D=$D perl -e '
    # (no strict, no warnings: loading them doubles the start-up time)
    sub slurp { open(my $f, "<:raw", $_[0]) or die "$_[0]: $!"; local $/; my $s = <$f>; return $s }
    sub lines { my @l = split /\n/, $_[0], -1; pop @l if @l && $l[-1] eq ""; return @l }
    # headings: the Markdown headings outside fenced blocks
    sub headings {
        my ($inb, $n) = (0, 0);
        for (@_) { if (/^```/) { $inb = !$inb; next } $n++ if !$inb && /^##?#?#?#?#?[ \t]/ }
        return $n;
    }
    # blocks: each fenced block, normalised, after a "--- block N FENCE" line
    sub blocks {
        my ($inb, $n, $lang, $out) = (0, 0, "", "");
        for my $l (@_) {
            if ($l =~ /^```/) {
                if (!$inb) { $inb = 1; ($lang = substr($l, 3)) =~ s/[ \t]//g; $out .= sprintf("--- block %d %s\n", ++$n, $l); }
                else { $inb = 0 }
                next;
            }
            next unless $inb;
            my $line = $l;
            next if ($lang eq "sh" || $lang eq "bash" || $lang eq "shell") && $line =~ /^[ \t]*#/;
            if ($lang eq "c") { $line =~ s{[ \t]*//.*$}{}; 1 while $line =~ s{/\*.*\*/}{} }
            $line = substr($line, 0, $-[0] + 1) if $line =~ /[^ \t][ \t]+#([ \t].*)?$/;
            $line = substr($line, 0, $-[0]) if $line =~ /[ \t]+(<-|\xe2\x86\x90)([ \t].*)?$/;
            $line = substr($line, 0, $-[0] + 1) if $line =~ /[^ \t][ \t][ \t]+\([^()]*\)$/;
            $line = substr($line, 0, $-[0] + 1) if $line =~ /[^ \t][ \t][ \t]+\xef\xbc\x88.*\xef\xbc\x89$/;
            $line =~ s/[ \t]+$//;
            $out .= "$line\n";
        }
        return $out;
    }
    # broken_zh: "LINE: text" for each line break inside a Chinese paragraph
    sub broken_zh {
        my $cjk = qr/[\x{2E80}-\x{9FFF}\x{F900}-\x{FAFF}\x{FF00}-\x{FFEF}\x{3000}-\x{303F}\x{2018}-\x{201D}\x{2014}\x{2026}]/;
        my ($inb, $prev, $blank, $inlist, $code, $nr, @out) = (0, undef, 0, 0, 0, 0);
        for (@_) {
            $nr++;
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
                push @out, sprintf("%d: %s", $nr - 1, substr($prev, -20));
            }
            $prev = $_;
        }
        return @out;
    }
    my $n = 0;
    for my $en (@ARGV) {
        $n++;
        (my $dir = $en) =~ s{/[^/]*$}{};
        my $zh = "$dir/README.zh-CN.md";
        (my $rel = $en) =~ s{^\Q$ENV{ROOT}\E/}{};
        (my $relzh = $zh) =~ s{^\Q$ENV{ROOT}\E/}{};
        if (!-f $zh) { print "FAIL $relzh is missing (the Chinese twin of $rel)\n"; next }
        my ($e, $z) = (slurp($en), slurp($zh));
        print "FAIL $rel does not link to README.zh-CN.md\n" if index($e, "](README.zh-CN.md") < 0;
        print "FAIL $relzh does not link to README.md\n" if index($z, "](README.md") < 0;
        my @e = lines($e);
        my @z = lines($z);
        my ($he, $hz) = (headings(@e), headings(@z));
        print "FAIL headings: $rel has $he, $relzh has $hz\n" if $he != $hz;
        my $zt = $z;
        utf8::decode($zt);
        if (my @b = broken_zh(lines($zt))) {
            print "FAIL $relzh breaks Chinese sentences across lines (tests/docs/reflow-zh joins them), after line:\n";
            for (@b[0 .. ($#b < 4 ? $#b : 4)]) { my $t = "    $_"; utf8::encode($t); print "MORE $t\n" }
        }
        my ($be, $bz) = (blocks(@e), blocks(@z));
        if ($be ne $bz) {
            -d $ENV{D} or mkdir($ENV{D}, 0700) or die "mkdir $ENV{D}: $!";
            for (["en", $be], ["zh", $bz]) { open(my $o, ">:raw", "$ENV{D}/$n.$_->[0]") or die $!; print $o $_->[1]; close $o }
            print "DIFF $n $rel $relzh\n";
        }
    }
' -- "${readmes[@]}")
echo "readme_pairs: ${#readmes[@]} README.md files, $fails problems"
[ $fails -eq 0 ]
