#!/usr/bin/env bash
# The ladder renderer without a network: a recorded timeline
# (fixtures/close_vs_shutdown.tsv, one real run of closing/close_vs_shutdown
# with its wire and state lines, times shifted to start at 1 s) drawn by
# tests/ladder must give exactly fixtures/close_vs_shutdown.ladder; its SVG is
# well-formed XML with the same arrows in the same order; no row is wider
# than 100 columns.
# Also: the legend (English and Chinese) and the end-of-run summary of each
# connection's states; nothing wider than COLUMNS (80 too); the side of a
# line from the program its name ran (c1 running tcpclient: the client's);
# the connection's port on state lines when a side has several; ICMP kinds
# labelled as such; text that is no segment never drawn as an arrow;
# relative SEQ/ACK numbers (tests/demo --seq) on the arrows, with or
# without wirecap's ` ~` before them; a segment marked lost.
# (Regenerate the .ladder after a deliberate change:
# { COLUMNS=100 tests/ladder --head; COLUMNS=100 tests/ladder --rows --summary --t0 1000000 <F.tsv; } >F.ladder)
. "${HARNESS:-$(dirname "$0")/../harness.sh}"
fx=$_here/timeline/fixtures/close_vs_shutdown
export COLUMNS=100
{ "$_here/ladder" --head; "$_here/ladder" --rows --summary --t0 1000000 <"$fx.tsv"; } >"$T/ladder"
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

# the legend, both languages; the summary
grep -q '^legend: ' "$T/ladder" && grep -q 'kept by the kernel' "$T/ladder" || fail "no legend"
"$_here/ladder" --head --lang zh | grep -q '^图例：' || fail "no Chinese legend"
grep -q '^--- the states each side went through' "$T/ladder" || fail "no summary of the states"
grep -Eq '^  client :[0-9]+ +CLOSED → SYN-SENT → ESTABLISHED → FIN-WAIT-1 → FIN-WAIT-2 → TIME-WAIT$' "$T/ladder" ||
    fail "the summary has no client path to TIME-WAIT"
grep -q '<text[^>]*class="lg"' "$T/ladder.svg" || fail "no legend in the SVG"
# the width
COLUMNS=80 "$_here/ladder" --rows --summary --t0 1000000 <"$fx.tsv" >"$T/ladder80"
COLUMNS=80 "$_here/ladder" --head >>"$T/ladder80"
wide=$(perl -CSD -nle 'print if length > 80' "$T/ladder80" | head -n 1)
[ -z "$wide" ] || fail "COLUMNS=80, a row is wider: $wide"

# sides from the programs; ports with several connections; ICMP; raw text
t=$'\t'
cat >"$T/mixed.tsv" <<END
1000000${t}c1${t}\$ tcpclient -p 9527 -s 0 127.0.0.1
1000001${t}srv${t}\$ nsenter --net=/proc/1/ns/net /bin/graceserver -p 0
1000002${t}half${t}\$ tcpserver -p 0
1000010${t}wire${t}client:40001 -> server:9527  [SYN] len 0
1000011${t}state${t}server:9527  LISTEN -> SYN-RECV ~client:40001
1000012${t}state${t}server:9527  LISTEN -> SYN-RECV ~client:40002
1000013${t}wire${t}server -> client  ICMP host 10.79.0.1 unreachable
1000014${t}wire${t}server -> client  ICMP6 udp port 9527 unreachable
1000015${t}wire${t}03:41:48.874134 IP 10.0.0.1 > 10.0.0.2: ICMP echo request
1000016${t}wire${t}client:40001 -> server:9527  [PSH,ACK] len 5 ~ seq 1:6 ack 1
1000017${t}wire${t}server:9527 -> client:40001  [SYN,ACK] len 0 seq 0 ack 1
1000018${t}wire${t}client:40001 -> server:9527  [ACK] len 0 ~ ack 7
1000018${t}lost${t}client:40001 -> server:9527  [ACK] len 0
1000020${t}c1${t}connected
1000021${t}srv${t}listening
1000022${t}half${t}accepted
END
"$_here/ladder" --rows --t0 1000000 <"$T/mixed.tsv" >"$T/mixed"
grep -Eq '^  0\.000  \$ tcpclient .*│ *│$' "$T/mixed" || fail "c1 (tcpclient) not on the client's side: $(head -n 1 "$T/mixed")"
grep -Eq '^  0\.000 +│ +│ \$ nsenter' "$T/mixed" || fail "nsenter graceserver not on the server's side"
grep -Eq '^  0\.000 +│ +│ accepted$' "$T/mixed" || fail "half (tcpserver) not on the server's side"
grep -q '│ :40002 \[LISTEN → SYN-RECV\]' "$T/mixed" || fail "no connection port on a side with two connections"
grep -q '◀─*ICMP host unreachable─*│' "$T/mixed" || fail "ICMP host unreachable not labelled"
grep -q '◀─*ICMP6 port unreachable─*│' "$T/mixed" || fail "ICMPv6 port unreachable not labelled"
! grep -q '│◀─*03:41' "$T/mixed" || fail "raw tcpdump text drawn as an arrow"
grep -q '· capture: 03:41:48' "$T/mixed" || fail "raw tcpdump text not shown as a note"
grep -q '│──PSH,ACK seq 1:6 ack 1─*▶│' "$T/mixed" || fail "no relative sequence numbers on a data segment (WIRECAP_SEQ)"
grep -q '│◀─*SYN,ACK seq 0 ack 1──│' "$T/mixed" || fail "no relative sequence numbers on the SYN,ACK"
# a segment the scenario marks lost (harness `lost`): a row says so; the SVG
# draws that arrow dashed, ending in a cross, and only that one
grep -q '· test: ✕ lost on its way, never delivered: client:40001 -> server:9527  \[ACK\] len 0' "$T/mixed" || fail "the lost segment not said in the rows"
"$_here/ladder" --svg --t0 1000000 <"$T/mixed.tsv" >"$T/mixed.svg"
[ "$(grep -c '<g class="seg lost c2s">' "$T/mixed.svg")" = 1 ] && grep -q 'ACK ack 7 (lost)' "$T/mixed.svg" ||
    fail "the lost segment is not drawn as lost in the SVG"
pass
