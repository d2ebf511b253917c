#!/usr/bin/env bash
# Every scenario with a `# demo:` line can be drawn: `tests/demo --fast
# --ladder --svg F.svg NAME` passes, its ladder has the legend, the headings
# and the summary, no row wider than COLUMNS, no raw tcpdump text drawn as
# an arrow, and its SVG is well-formed with the same arrows as the ladder,
# tcpdump lines as their tooltips and the run's packets in F.pcap.
# The demos are found afresh each run (tests/*/*.sh with a `# demo:` line),
# so new chapters and scenarios are covered as they come.
# By default (CTest) the ones that once could not be drawn and the headline
# run here: those that capture on another interface with their own tcpdump
# (half-open, rebooted-peer, unreachable-router: a veth, a router) and
# close-vs-shutdown; unreachable-router must show its SYN and the ICMP
# kinds. DEMOS=all runs every demo (four at a time, about a minute):
#   DEMOS=all ctest -R timeline.demos_drawable --output-on-failure
# DEMOS="a b" runs those.
# timeout: 300
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
need tcpdump
real_root || skip "drawing the wire needs root"
tests=$(cd "$_here" && pwd)

all=() # every demo: NAME<TAB>SCRIPT (one grep for them all, not one per script)
declare -A is_demo=()
dups=
while IFS= read -r line; do
    f=${line%%:# demo: *} line=${line#*:# demo: }
    all+=("${line%% — *}"$'\t'"$f")
    [ -z "${is_demo[${line%% — *}]:-}" ] || dups+=${dups:+$'\n'}${line%% — *}
    is_demo[${line%% — *}]=1
done < <(grep -m1 -H '^# demo: ' "$tests"/*/*.sh)
[ ${#all[@]} -ge 10 ] || fail "only ${#all[@]} demos found"
[ -z "$dups" ] || fail "two scenarios share a demo name: $dups"

case ${DEMOS:-} in
all) pick=$(printf '%s\n' "${all[@]}" | cut -f1) ;;
"") # the headline, and every demo that runs its own tcpdump
    pick=close-vs-shutdown
    declare -A own=()
    while IFS= read -r f; do own[$f]=1; done < <(grep -l 'start wire "$(command -v tcpdump)"' "$tests"/*/*.sh)
    for d in "${all[@]}"; do
        [ -z "${own[${d#*$'\t'}]:-}" ] || pick+=$'\n'"${d%%$'\t'*}"
    done ;;
*) pick=$(printf '%s\n' $DEMOS) ;;
esac

draw() { # NAME: run it as a ladder; its files in $T/d.NAME.*
    local n=$1
    # (unset _HARNESS_IN_NETNS: a scenario that wants a namespace of its own gets one)
    env -u _HARNESS_IN_NETNS COLUMNS=100 LADDER_OUT=$T/d.$n.ladder timeout 120 "$tests/demo" --fast --ladder --svg "$T/d.$n.svg" "$n" \
        >"$T/d.$n.out" 2>&1
    echo $? >"$T/d.$n.rc"
}
# look NAME: one perl reads the ladder, the output and the SVG (not a grep
# or sed each): line 1 what is wrong before the XML check ("" if nothing),
# line 2 what is wrong after it, line 3 the number of arrows, line 4 1 when
# an arrow carries its tcpdump line
look() {
    perl -CSDA -Mutf8 -e '
    my ($n, $lad, $out, $svg, $said) = @ARGV;
    sub lines { open my $f, "<", $_[0] or return (); my @l = <$f>; chomp @l; @l }
    my @lad = lines($lad); my @out = lines($out); my @svg = lines($svg);
    my ($pre, $post) = ("", "");
    my ($wide) = grep { length > 100 } @lad, @out;
    if (!grep { /^legend: / } @lad) { $pre = "$n: no legend" }
    elsif (!grep { /^   time  client .*│ server$/ } @lad) { $pre = "$n: no headings" }
    elsif (defined $wide) { $pre = "$n: wider than 100 columns: $wide" }
    elsif (grep { /│(──|◀─*)[0-9]{2}:[0-9]{2}:[0-9]{2}/ } @lad) { $pre = "$n: raw tcpdump text as an arrow" }
    elsif (grep { /^\[ *[0-9.]+ wire *\] [0-9]/ } @out) { $pre = "$n: raw tcpdump lines in the timeline" }
    elsif (!grep { $_ eq $said } @out) { $pre = "$n: --svg did not say where it wrote" }
    my (@a1, @a2);
    for (@lad) {
        while (/(│(?:──[^│]*▶|◀[^│]*──)│)/g) {
            my $a = $1;
            $a =~ s/^│─+([^─]+)─.*$/> $1/ or $a =~ s/^│◀─*([^─]+)─+│$/< $1/;
            push @a1, $a;
        }
    }
    my $title = 0;
    for (@svg) {
        $title = 1 if /<g class="seg [cs]2[sc]"><title>[0-9]*\.[0-9]* IP/;
        next unless /(<g class="seg (?:c2s|s2c)">.*<\/g>)/;
        my $a = $1;
        $a =~ s/^<g class="seg (c2s|s2c)">.*class="lbl">([^<]*)<\/text><\/g>$/$1 $2/;
        $a =~ s/^c2s/>/ or $a =~ s/^s2c/</;
        push @a2, $a;
    }
    $post = "$n: the SVG'"'"'s arrows differ from the ladder'"'"'s" if join("\n", @a1) ne join("\n", @a2);
    print "$pre\n$post\n", scalar(@a1), "\n$title\n";
    ' "$1" "$T/d.$1.ladder" "$T/d.$1.out" "$T/d.$1.svg" "--- the ladder as SVG: $T/d.$1.svg"
}
check() { # NAME: "" or what is wrong
    local n=$1 rc r=() k=0 p
    rc=$(<"$T/d.$n.rc")
    [ "$rc" != 77 ] || { note test "$n: skipped: $(grep -m1 SKIP "$T/d.$n.out")"; return 0; }
    [ "$rc" = 0 ] || { echo "$n: exit $rc: $(grep -m1 -E '^(FAIL|tests/demo)' "$T/d.$n.out")"; return; }
    mapfile -t r < <(look "$n")
    [ -z "${r[0]}" ] || { echo "${r[0]}"; return; }
    xmllint --noout "$T/d.$n.svg" 2>/dev/null || { echo "$n: the SVG is not well-formed"; return; }
    [ -z "${r[1]}" ] || { echo "${r[1]}"; return; }
    # the run's packets beside the picture (FILE.pcap), one per arrow at least
    if [ "${r[2]}" -gt 0 ]; then
        while IFS= read -r p; do [ -z "$p" ] || k=$((k + 1)); done < <(tcpdump -r "$T/d.$n.pcap" -n 2>/dev/null)
        [ "$k" -ge "${r[2]}" ] || { echo "$n: no pcap with its packets beside the SVG"; return; }
        [ "${r[3]}" = 1 ] || { echo "$n: no tcpdump line on the arrows"; return; }
    fi
    note test "$n: drawn, ${r[2]} arrows"
}

mapfile -t names <<<"$pick"
running=()
for n in "${names[@]}"; do
    [ -n "$n" ] || continue
    [ -n "${is_demo[$n]:-}" ] || fail "no demo named $n"
    draw "$n" &
    running+=($!)
    if [ ${#running[@]} -ge 4 ]; then wait "${running[0]}"; running=("${running[@]:1}"); fi
done
wait "${running[@]}" 2>/dev/null
bad=
for n in "${names[@]}"; do
    [ -n "$n" ] || continue
    r=$(check "$n")
    [ -z "$r" ] || bad+=$r$'\n'
done
[ -z "$bad" ] || fail "not drawable:"$'\n'"$bad"
if grep -qx unreachable-router <<<"$pick" && [ "$(<"$T/d.unreachable-router.rc")" = 0 ]; then
    l=$T/d.unreachable-router.ladder
    grep -q '│──SYN─*▶│' "$l" || fail "unreachable-router: no SYN drawn"
    grep -q 'ICMP host unreachable' "$l" && grep -q 'ICMP net unreachable' "$l" ||
        fail "unreachable-router: the ICMP kinds are not labelled host and net"
    ! grep -q 'ICMP port unreachable' "$l" || fail "unreachable-router: an ICMP labelled port unreachable"
fi
pass
