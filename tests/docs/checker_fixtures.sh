#!/usr/bin/env bash
# checker_fixtures.sh - readme_pairs.sh itself: made-up README pairs in a
# temporary directory. A faithful translation (comments translated) passes;
# each kind of drift fails with a line naming it.
set -u
check=$(dirname "$0")/readme_pairs.sh
T=$(mktemp -d "${TMPDIR:-/tmp}/readme-pairs.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
fails=0
bad() { echo "FAIL checker_fixtures: $*"; fails=$((fails + 1)); }

# A pair that agrees: headings, links, blocks; only comments differ.
# (Read once into EN and ZH; good writes them with printf, no process.)
IFS= read -r -d '' EN <<'MD' || :
# Title

Chinese: [README.zh-CN.md](README.zh-CN.md)

## Run it

```sh
# terminal 1
./build/bin/tcpserver        # waits for a client
```

```
$ ./build/bin/pingclient 127.0.0.1   # the default port
sending heartbeat #1
send bytes: 5              <- send() succeeds: it only queued the bytes
... length 0     (probe)
# ip link set lo down
```

```c
x = 1; /* one */ // why
```
MD
IFS= read -r -d '' ZH <<'MD' || :
# 标题

English: [README.md](README.md)

## 运行

```sh
# 终端 1
./build/bin/tcpserver        # 等待客户端
```

```
$ ./build/bin/pingclient 127.0.0.1   # 默认端口
sending heartbeat #1
send bytes: 5              <- send() 成功：它只是把字节放进了队列
... length 0     （探测）
# ip link set lo down
```

```c
x = 1; /* 一 */ // 为什么
```

一段中文，写在一行里，
- 列表项同样，
- 每项一行。

    build/bin/tcpserver       # 缩进的代码块不算
MD
good() { # DIR: write a good pair into DIR (made by the mkdir below)
    printf '%s' "$EN" >"$1/README.md" && printf '%s' "$ZH" >"$1/README.zh-CN.md" || bad "cannot write $1"
}
mkdir -p "$T"/{ok,missing}/chapter "$T"/{nolink,heading,output,command,prompt,block,ccode,annotated,broken} || exit 1

# run NAME WANT_STATUS PATTERN: the checker on $T/NAME; its status and a line.
run() {
    local out rc=0
    out=$("$check" "$T/$1" 2>&1) || rc=$?
    [ "$rc" = "$2" ] || bad "$1: exit $rc, wanted $2; output: $out"
    mapfile -t lines <<<"$out" # (each line tried in bash: no grep per run)
    for l in "${lines[@]}"; do [[ ! $l =~ $3 ]] || return 0; done
    bad "$1: no /$3/ in: $out"
}

good "$T/ok" && good "$T/ok/chapter"
run ok 0 '^readme_pairs: 2 README.md files, 0 problems$'

good "$T/missing" && good "$T/missing/chapter" && rm "$T/missing/chapter/README.zh-CN.md"
run missing 1 '^FAIL chapter/README.zh-CN.md is missing'

good "$T/nolink" && sed -i 's|(README.md)|(../README.md)|' "$T/nolink/README.zh-CN.md"
run nolink 1 '^FAIL README.zh-CN.md does not link to README.md$'

good "$T/heading" && printf '\n## 多出来的一节\n' >>"$T/heading/README.zh-CN.md"
run heading 1 '^FAIL headings: README.md has 2, README.zh-CN.md has 3$'

good "$T/output" && sed -i 's/^sending heartbeat #1$/发送心跳 #1/' "$T/output/README.zh-CN.md"
run output 1 '^FAIL code blocks differ'

good "$T/command" && sed -i 's|^./build/bin/tcpserver  |./build/bin/tcpserver -p 1|' "$T/command/README.zh-CN.md"
run command 1 '^FAIL code blocks differ'

good "$T/prompt" && sed -i 's/^# ip link set lo down$/# ip link set lo up/' "$T/prompt/README.zh-CN.md"
run prompt 1 '^FAIL code blocks differ'

good "$T/block" && printf '\n```\n$ ss -tn\n```\n' >>"$T/block/README.md"
run block 1 '^FAIL code blocks differ'

good "$T/ccode" && sed -i 's|^x = 1;|x = 2;|' "$T/ccode/README.zh-CN.md"
run ccode 1 '^FAIL code blocks differ'

# An annotation may be translated, the line it annotates may not.
good "$T/annotated" && sed -i 's/^send bytes: 5 /send bytes: 6 /' "$T/annotated/README.zh-CN.md"
run annotated 1 '^FAIL code blocks differ'

# A Chinese sentence broken across two lines fails; reflow-zh mends it, once.
good "$T/broken" && printf '\n这一句中文\n被折成了两行。\n' >>"$T/broken/README.zh-CN.md"
run broken 1 '^FAIL README.zh-CN.md breaks Chinese sentences across lines'
out=$("$(dirname "$0")/reflow-zh" "$T/broken/README.zh-CN.md")
[ "$out" = "reflow-zh: $T/broken/README.zh-CN.md" ] || bad "reflow-zh changed: $out"
grep -qx '这一句中文被折成了两行。' "$T/broken/README.zh-CN.md" || bad "reflow-zh did not join the sentence"
run broken 0 '0 problems'
out=$("$(dirname "$0")/reflow-zh" "$T/broken/README.zh-CN.md")
[ -z "$out" ] || bad "reflow-zh is not idempotent: $out"

echo "checker_fixtures: $fails failures"
[ $fails -eq 0 ]
