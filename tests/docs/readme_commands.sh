#!/usr/bin/env bash
# readme_commands.sh [ROOT] - run the commands a README shows, so that its
# transcripts cannot drift from what the programs and the kernel really do.
# A README.md marks such a block with a line right before its fence:
#   <!-- check-commands -->          each line shown is found in the output
#   <!-- check-commands: exact -->   and nothing else comes (an ss listing
#                                    that must NOT show a socket)
#   <!-- check-commands: exact=ss --> exact for the commands whose first
#                                    word is ss, the others as above
#   <!-- check-commands: pause=0.2 --> (with or without exact) a pause
#                                    before each command but the first, as
#                                    typing gives: closes finish, TIME-WAIT
#                                    entries come
# Each marked block runs as one bash script in a private network namespace
# of its own (unshare -n; lo brought up first, as on any machine), in a
# scratch directory where build/bin is the build's programs ($BIN):
#   - commands: in ```sh blocks every line whose first word is a command (a
#     builtin, a program on PATH, build/bin/X or ./X); in other blocks the
#     lines after a "$ " or "# " prompt. A trailing "  # comment" is cut;
#     "unshare -n bash" and "exit" are what the namespace already does, so
#     they are left out. A command ending in "&" runs in the background (its
#     first output line is waited for, 5 s at most); the others one after
#     another, each with its own output. (`sleep` is bash's loadable builtin
#     when bash-builtins is installed: no process per pause.)
#   - output: the other lines, each belonging to the command before it.
#     A shown line matches a real one that begins like it, blanks collapsed
#     (a blank may be missing: ss glues "Port" and an empty "Process"), and
#     any number standing for any number except an errno at the line's
#     end, "(99)"; "..." and lines with "…" stand for what was left out.
#     A background command's lines are looked for in all it printed.
#   - the end: nothing the block started in the background may still run
#     0.3 s after its last command (a recipe stops its servers before it
#     ends: exit alone would not).
# The Chinese README.zh-CN.md has the same blocks (readme_pairs.sh checks).
# Exit 0 when every marked block gives what it shows, 1 otherwise, 77 when
# there is no namespace to run them in or no programs (BIN).
# timeout: 60
set -u
root=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
BIN=${BIN:-$root/build/bin}
[ -x "$BIN/tcpserver" ] || { echo "SKIP: no programs in $BIN (build first)"; exit 77; }
if [ "$(id -u)" = 0 ] && unshare -n true 2>/dev/null; then
    ns=(unshare -n)
elif unshare -rn true 2>/dev/null; then
    ns=(unshare -rn)
else
    echo "SKIP: cannot make a network namespace here (unshare -n)"
    exit 77
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/readme-commands.XXXXXX") || exit 1
# On the way out, whatever a block left (one stopped by the timeout) goes too:
# the processes whose working directory is the scratch directory.
# (One perl reads every process's cwd: a readlink per process was a hundred
# processes on a quiet machine, hundreds under `ctest -j8`.)
cleanup() {
    local pids=()
    mapfile -t pids < <(T=$T perl -e 'for my $p (glob "/proc/[0-9]*") {
        my $c = readlink("$p/cwd") // next;
        print substr($p, 6), "\n" if $c eq $ENV{T} || index($c, "$ENV{T}/") == 0 }')
    [ ${#pids[@]} -eq 0 ] || kill "${pids[@]}" 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT
mkdir -p "$T/build" && ln -s "$BIN" "$T/build/bin"

# Split every marked block into $T/b<N>/: script (bash), expect (lines
# "CMDINDEX<TAB>LINE"), mode (exact or lines), name.
mapfile -t readmes < <(find "$root" \( -name .git -o -name 'build*' -o -name node_modules \) -prune -o -name README.md -print | sort)
ROOT="$root" BIN="$BIN" T="$T" perl -e '
    my $n = 0;
    my (%lines, %known);
    # Which first words of the ```sh blocks are commands: one bash asks
    # `type` about all of them (not a bash per word).
    for my $file (@ARGV) {
        open my $fh, "<", $file or die "$file: $!";
        my @l = <$fh>; chomp @l;
        $lines{$file} = \@l;
        for (my $i = 0; $i < @l; $i++) {
            next unless $l[$i] =~ /^<!-- check-commands(?::\s*([^>]*?))?\s*-->$/ && ($l[$i + 1] // "") =~ /^```(\w*)/ && ($1 eq "sh" || $1 eq "bash");
            for (my $j = $i + 2; $j < @l && $l[$j] !~ /^```/; $j++) {
                $known{$1} = 0 if $l[$j] =~ /^\s*([^\s#]\S*)/;
            }
        }
    }
    for my $w (keys %known) { $known{$w} = 1 if $w =~ m{^(\./|build/bin/)} }
    my @ask = grep { !$known{$_} } sort keys %known;
    if (@ask) {
        open my $b, "-|", "bash", "-c", "for w; do type -t -- \"\$w\" >/dev/null 2>&1 && printf \"%s\\n\" \"\$w\"; done", "x", @ask or die "bash: $!";
        while (<$b>) { chomp; $known{$_} = 1 }
        close $b;
    }
    for my $file (@ARGV) {
        my @l = @{$lines{$file}};
        (my $rel = $file) =~ s{^\Q$ENV{ROOT}\E/}{};
        for (my $i = 0; $i < @l; $i++) {
            next unless $l[$i] =~ /^<!-- check-commands(?::\s*([^>]*?))?\s*-->$/;
            my $opts = $1 // "";
            my $mode = $opts =~ /\bexact(=\S+)?/ ? "exact" . ($1 // "") : "lines";
            my $pause = $opts =~ /\bpause=([0-9.]+)/ ? $1 : 0;
            my $fence = $l[$i + 1] // "";
            $fence =~ /^```(\w*)/ or die "$rel:" . ($i + 1) . ": check-commands is not right before a fence\n";
            my $sh = ($1 eq "sh" || $1 eq "bash");
            my (@cmds, @expect);
            my $j = $i + 2;
            for (; $j < @l && $l[$j] !~ /^```/; $j++) {
                my $line = $l[$j];
                my $cmd;
                if ($sh) {
                    next if $line =~ /^\s*#/ || $line =~ /^\s*$/;
                    my ($w) = $line =~ /^\s*(\S+)/;
                    $cmd = $line if $known{$w};
                } elsif ($line =~ /^[\$#] (.*)$/) {
                    $cmd = $1;
                }
                if (defined $cmd) {
                    $cmd =~ s/(\S)[ \t]+#([ \t].*)?$/$1/;
                    $cmd =~ s/;\s*exit\s*$//;
                    next if $cmd =~ /^\s*(unshare\b.*\bbash|exit)\s*$/;
                    die "$rel:" . ($j + 1) . ": cannot run in one shell: $cmd\n" if $cmd =~ /\bnsenter\b/;
                    $cmd =~ s{(^|[;&|]\s*)\./build/bin/}{$1build/bin/}g;
                    $cmd =~ s{(^|[;&|]\s*)\./(?=[a-z])}{$1build/bin/}g;
                    push @cmds, $cmd;
                } else {
                    push @expect, scalar(@cmds) . "\t$line" if @cmds;
                }
            }
            $n++;
            mkdir "$ENV{T}/b$n";
            open my $o, ">", "$ENV{T}/b$n/name"; print $o "$rel:" . ($i + 2) . "\n"; close $o;
            open $o, ">", "$ENV{T}/b$n/mode"; print $o "$mode\n"; close $o;
            open $o, ">", "$ENV{T}/b$n/expect"; print $o map { "$_\n" } @expect; close $o;
            open $o, ">", "$ENV{T}/b$n/words"; print $o map { my ($w) = /^\s*(\S+)/; "$w\n" } @cmds; close $o;
            open $o, ">", "$ENV{T}/b$n/script";
            print $o "cd \"$ENV{T}\" || exit 1\nset +e\nip link set lo up\n";
            print $o "for f in /usr/lib/bash/sleep /usr/lib64/bash/sleep /usr/local/lib/bash/sleep; do [ -e \$f ] && enable -f \$f sleep 2>/dev/null && break; done\n";
            my $k = 0;
            for my $c (@cmds) {
                $k++;
                my $out = "$ENV{T}/b$n/out.$k";
                print $o "sleep $pause\n" if $pause && $k > 1;
                if ($c =~ /^(.*?)\s*&\s*$/) {
                    # A simple command runs as the job itself (kill %1 ends
                    # the program, not a subshell that would leave it behind).
                    my $bg = $1;
                    die "$rel: a background job must be one simple command: $c\n" if $bg =~ /[;|&(){}]/;
                    print $o "$bg >\"$out\" 2>&1 </dev/null &\n";
                    print $o "for ((_i = 0; _i < 500; _i++)); do [ -s \"$out\" ] && break; sleep 0.01; done\n";
                    print $o ": >\"$out.bg\"\n";
                } else {
                    print $o "{ $c ; } >\"$out\" 2>&1 </dev/null\n";
                }
            }
            # What the recipe left running (it should stop what it started).
            # (polled: a stopped server is gone in a few ms; 0.3 s at most)
            print $o "for ((_i = 0; _i < 30; _i++)); do _l=0; for j in \$(jobs -p); do kill -0 \$j 2>/dev/null && _l=1; done; [ \$_l = 0 ] && break; sleep 0.01; done\n";
            print $o "for j in \$(jobs -p); do kill -0 \$j 2>/dev/null && tr \"\\\\0\" \" \" </proc/\$j/cmdline && echo; done >\"$ENV{T}/b$n/left\"\n";
            print $o "kill \$(jobs -p) 2>/dev/null; wait\n";
            print $o "exit 0\n";
            close $o;
        }
    }
    open my $o, ">", "$ENV{T}/count"; print $o "$n\n";
' -- "${readmes[@]}" 2>"$T/parse.err" || { echo "FAIL cannot read the marked blocks:"; cat "$T/parse.err"; exit 1; }

n=$(cat "$T/count")
[ "$n" -gt 0 ] || { echo "FAIL no block is marked <!-- check-commands --> under $root"; exit 1; }
fails=0
# The blocks run side by side (each in its own namespace: mostly pauses).
for ((b = 1; b <= n; b++)); do
    timeout 30 "${ns[@]}" bash "$T/b$b/script" >"$T/b$b/run.log" 2>&1 &
done
wait
for ((b = 1; b <= n; b++)); do
    d=$T/b$b
    # Compare: per command, the shown lines against what it printed.
    if ! out=$(D=$d perl -e '
        my $d = $ENV{D};
        open my $m, "<", "$d/mode"; chomp(my $mode = <$m>);
        open my $wf, "<", "$d/words"; my @words = map { chomp; $_ } <$wf>;
        my %want;
        open my $e, "<", "$d/expect";
        while (<$e>) { chomp; my ($k, $l) = split /\t/, $_, 2; push @{$want{$k}}, $l; }
        sub norm { my $s = shift; $s =~ s/\s+/ /g; $s =~ s/^ | $//g; $s }
        sub pat {
            my $s = norm(shift);
            my $errno = $s =~ s/ ?\((\d+)\)$// ? $1 : undef;
            my $p = join " ?", map { join "[0-9]+", map { quotemeta } split /[0-9]+/, $_, -1 } split / /, $s;
            $p .= " ?\\($errno\\)" if defined $errno;
            qr/^$p/;
        }
        my $bad = 0;
        for my $k (sort { $a <=> $b } keys %want) {
            my $f = "$d/out.$k";
            open my $a, "<", $f or do { print "  command $k never ran\n"; $bad++; next };
            my @got = map { chomp; norm($_) } <$a>;
            my @w = grep { norm($_) ne "..." && !/…/ } @{$want{$k}};
            my $cut = @w != @{$want{$k}};
            my $i = 0;
            for my $w (@w) {
                my $p = pat($w);
                $i++ while $i < @got && $got[$i] !~ $p;
                if ($i >= @got) { print "  command $k: no line like: $w\n  it printed:\n", map({ "    | $_\n" } @got); $bad++; last }
                $i++;
            }
            my $exact = $mode eq "exact" || $mode eq "exact=$words[$k - 1]";
            if ($exact && !$cut && !-e "$f.bg" && @got != @w) {
                print "  command $k: printed " . scalar(@got) . " lines, the README shows " . scalar(@w) . ":\n", map({ "    | $_\n" } @got);
                $bad++;
            }
        }
        if (open my $lf, "<", "$d/left") {
            my @left = grep { /\S/ } <$lf>;
            if (@left) { print "  the recipe leaves running (no kill before its end):\n", map({ "    | $_" } @left); $bad++ }
        }
        exit($bad ? 1 : 0);
    '); then
        echo "FAIL $(cat "$d/name"): the README's transcript differs from a real run:"
        printf '%s\n' "$out"
        sed 's/^/  script: /' "$d/script" | grep -v '^  script: for ((_i\|^  script: : >\|^  script: for f in /usr/lib/bash' | sed "s|$T/||g"
        fails=$((fails + 1))
    else
        echo "ok   $(cat "$d/name")"
    fi
done
echo "readme_commands: $n marked blocks, $fails differ"
[ $fails -eq 0 ]
