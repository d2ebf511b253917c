# cwnd_rounds.awk: tcp:tcp_probe trace lines (one connection, the sender's
# side) -> one line per round trip: ROUND MS CWND SSTHRESH SND_WND FLIGHT
# CWND_MAX,
# where a round ends when snd_una passes the snd_nxt its first sample saw;
# CWND, SSTHRESH and SND_WND are the round's first sample, FLIGHT the most
# segments (of 1448 bytes) in flight during it, CWND_MAX the largest cwnd
# during it, MS its start since the first.
function hex(s, i, n) {
    n = 0; s = tolower(substr(s, 3))
    for (i = 1; i <= length(s); i++) n = n * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
    return n
}
function diff(a, b, d) { d = a - b; return d < 0 ? d + 4294967296 : d } # mod 2^32
function out() { if (r) printf "%d %.1f %s %s %s %d %d\n", r, (t1 - t0) * 1000, c, s, w, int((fl + 1447) / 1448), cm }
{
    for (i = 1; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
    if (!("snd_cwnd" in f)) next
    for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+\.[0-9]+:$/) t = $i + 0
    una = hex(f["snd_una"]); nxt = hex(f["snd_nxt"])
    if (!r) t0 = t
    if (!r || diff(una, mark) < 2147483648) {
        out(); r++; mark = nxt; t1 = t; c = f["snd_cwnd"]; s = f["ssthresh"]; w = f["snd_wnd"]; fl = 0; cm = 0
    }
    if (diff(nxt, una) > fl) fl = diff(nxt, una)
    if (f["snd_cwnd"] + 0 > cm) cm = f["snd_cwnd"] + 0
}
END { out() }
