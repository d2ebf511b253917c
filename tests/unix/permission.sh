#!/usr/bin/env bash
# bind() creates the socket file, so it needs write permission on the
# directory: an unprivileged server asked for a path in a directory it may
# not write gets "bind failed: Permission denied (13)"; root may. As in the
# notes' /var/lib experiment, with a directory of our own.
# shellcheck disable=SC2034 # read by the harness
NETNS=no # no user namespace: in one, `id -u` says 0 and uid 65534 does not exist
. "${HARNESS:-$(dirname "$0")/../harness.sh}"

mkdir "$T/ro" || fail "mkdir"
if [ "$(id -u)" = 0 ]; then
    need setpriv
    as_nobody=("$(command -v setpriv)" --reuid=65534 --regid=65534 --clear-groups)
    # Our build may sit where uid 65534 cannot go (under /root): it runs
    # copies of the programs from a directory of the test it may reach.
    mkdir "$T/bin" && cp "$BIN"/unix{stream,data}{server,client} "$T/bin/" || fail "cannot copy the programs"
    BIN=$T/bin
    chmod 711 "$T" && chmod 755 "$T/bin" "$T/ro" # nobody may pass, not write
    "${as_nobody[@]}" test -x "$BIN/unixstreamserver" ||
        skip "user 65534 cannot run $BIN/unixstreamserver (a directory on the way is closed to it)"
else
    as_nobody=() # we are unprivileged already: take the write bit away
    chmod 555 "$T/ro"
    [ ! -w "$T/ro" ] || skip "$T/ro stays writable for uid $(id -u) (a capability?)"
fi

for prog in unixstreamserver unixdataserver; do
    start server "${as_nobody[@]}" "$BIN/$prog" "$T/ro/$prog.sock"
    expect_exit server 1
    expect server '^bind failed: Permission denied \(13\)$'
    [ ! -e "$T/ro/$prog.sock" ] || fail "$prog created a file anyway"
done
# The datagram client cannot even make its private directory there.
TMPDIR=$T/ro start client "${as_nobody[@]}" "$BIN/unixdataclient" "$T/x.sock"
expect_exit client 1
expect client "^cannot make a private directory in $T/ro: Permission denied \(13\)\$"

if [ "$(id -u)" = 0 ]; then # root may write there: the server starts
    start server unixstreamserver "$T/ro/unixstream.sock"
    ready server
    [[ $(ls -l "$T/ro/unixstream.sock") == s* ]] || fail "no socket file"
    stop server INT
    expect_exit server 0
fi
chmod 700 "$T/ro" # let the harness clean up
pass
