#!/usr/bin/env bash
# The SVG ladder, from a recorded run without a network: the headline
# scenario with the notes' timers on port 9527 (fixtures/close_vs_shutdown_
# notes.tsv: the harness's timeline; .raw: tests/wirecap's WIRECAP_RAWLOG of
# the same run, each packet's tcpdump line and each tracepoint line).
#   - each arrow carries its own packet's tcpdump line as a <title> tooltip
#     (the flags and length of the line match the arrow's label), each state
#     label its tracepoint's line (inet_sock_set_state, tcp_*_reset), except
#     TIME-WAIT, which ss tells (no tracepoint fires): the tooltip says so;
#   - no tooltips without --raw;
#   - the two numbered parts (close, shutdown) side by side: two panels,
#     each with its client and server, 1600 px wide and shorter than one
#     stacked ladder (LADDER_PANELS=1);
#   - the picture is well-formed.
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
fx=$_here/timeline/fixtures/close_vs_shutdown_notes
t0=$(head -n 1 "$fx.tsv" | cut -f1)
"$_here/ladder" --svg --t0 "$t0" --title close-vs-shutdown --raw "$fx.raw" <"$fx.tsv" >"$T/l.svg"
if command -v xmllint >/dev/null 2>&1; then xmllint --noout "$T/l.svg" || fail "the SVG is not well-formed XML"; fi
nw=$(grep -c $'\twire\t' "$fx.tsv")
# one line per arrow: LABEL<TAB>TOOLTIP
grep -o '<g class="seg [cs]2[sc]">.*</g>' "$T/l.svg" |
    sed -E 's/^<g class="seg [^"]*">(<title>([^<]*)<\/title>)?.*class="lbl">([^<]*)<\/text><\/g>$/\3\t\2/' >"$T/arrows"
[ "$(grep -c . "$T/arrows")" = "$nw" ] || fail "$(grep -c . "$T/arrows") arrows for $nw segments"
bad=$(awk -F '\t' '
    function flags(label,   f) { # the tcpdump flags of an arrow label: FIN,ACK -> [F.]
        f = label; sub(/ .*/, "", f)
        gsub(/SYN/, "S", f); gsub(/FIN/, "F", f); gsub(/RST/, "R", f); gsub(/PSH/, "P", f); gsub(/ACK/, ".", f); gsub(/,/, "", f)
        return "Flags [" f "], "
    }
    function len(label,   l) { l = "0"; if (label ~ / len [0-9]+/) { l = label; sub(/.* len /, "", l); sub(/ .*/, "", l) }; return ", length " l }
    $2 == "" { print "no tooltip: " $1; next }
    $2 !~ /^[0-9]+\.[0-9]+ IP 127\.0\.0\.1\.[0-9]+ &gt; 127\.0\.0\.1\.[0-9]+: / { print "not a tcpdump line: " $2; next }
    !index($2, flags($1)) || substr($2, length($2) - length(len($1)) + 1) != len($1) { print "arrow " $1 " has the tooltip of another packet: " $2 }' "$T/arrows")
[ -z "$bad" ] || fail "arrows:"$'\n'"$bad"
# each state label (class st): its tracepoint line
grep -o '<text [^>]*class="st">.*</text>' "$T/l.svg" | sed -E 's/^<text [^>]*class="st">(<title>([^<]*)<\/title>)?(.*)<\/text>$/\3\t\2/' >"$T/states"
[ "$(grep -c . "$T/states")" -ge 20 ] || fail "too few state labels: $(grep -c . "$T/states")"
bad=$(awk -F '\t' '
    $1 ~ /TIME-WAIT\]/ { if ($2 !~ /oldstate=TCP_FIN_WAIT2 newstate=TCP_CLOSE .*\(ss: / && $2 !~ /^no tracepoint: .*\(ss: /) print "TIME-WAIT without its ss note: " $0; next }
    $1 ~ /FIN-WAIT-2 → CLOSED\]/ && $2 ~ /^no tracepoint: ss / { next } # (kept by the kernel, then gone)
    $2 !~ /(inet_sock_set_state|tcp_send_reset|tcp_receive_reset): / { print "no tracepoint line: " $0; next }
    $1 ~ / → / { o = $1; sub(/^.*\[/, "", o); sub(/ → .*/, "", o); gsub(/-/, "_", o); sub(/_1$/, "1", o); sub(/_2$/, "2", o)
        sub(/^CLOSED$/, "CLOSE", o); sub(/^SYN_RECV$/, "(SYN_RECV|NEW_SYN_RECV)", o)
        if ($2 !~ ("oldstate=TCP_" o " ")) print "the tooltip of another change: " $0 }
    $1 ~ /sends RST/ && $2 !~ /tcp_send_reset/ { print "sends RST, not tcp_send_reset: " $0 }' "$T/states")
[ -z "$bad" ] || fail "states:"$'\n'"$bad"
note test "$nw arrows and $(grep -c . "$T/states") states, each with its own line"

"$_here/ladder" --svg --t0 "$t0" <"$fx.tsv" >"$T/plain.svg"
! grep -q '<g class="seg [^"]*"><title>' "$T/plain.svg" || fail "a tooltip without --raw"

# side by side
[ "$(grep -c '>client</text>' "$T/l.svg")" = 2 ] || fail "not two panels"
w=$(sed -nE 's/^<svg .* width="([0-9]+)" height="([0-9]+)".*/\1 \2/p' "$T/l.svg")
LADDER_PANELS=1 "$_here/ladder" --svg --t0 "$t0" <"$fx.tsv" >"$T/one.svg"
w1=$(sed -nE 's/^<svg .* width="([0-9]+)" height="([0-9]+)".*/\1 \2/p' "$T/one.svg")
[ "$(grep -c '>client</text>' "$T/one.svg")" = 1 ] || fail "LADDER_PANELS=1: not one ladder"
[ "${w% *}" = 1600 ] && [ "${w#* }" -lt "${w1#* }" ] || fail "side by side: ${w/ /x}, stacked: ${w1/ /x}"
note test "side by side ${w/ /x} px, stacked ${w1/ /x} px"
pass
