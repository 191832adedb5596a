#!/usr/bin/env bash
# Builds the libFuzzer targets (Fuzz/, -sanitize=fuzzer,address) and runs each for FUZZ_SECONDS
# (default 60) from a seed corpus made of the real sources. Crashes are left as crash-* files in
# Fuzz/corpus-run/<target>/ and make the script fail; every one found becomes a bad-input test.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${FUZZ_SECONDS:-60}"
targets="${FUZZ_TARGETS:-template inline loader structure xliff pages}"   # a subset: FUZZ_TARGETS=xliff
swift build -c release --package-path Fuzz --scratch-path .build-fuzz \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
fuzzer=.build-fuzz/release/PlenaryFuzz
run=Fuzz/corpus-run
rm -rf "$run" && mkdir -p "$run"/{template,inline,loader,structure,xliff}/corpus

# Seeds: every template; every text entry of the bundled meeting; whole language files.
cp Templates/*.xml Templates/shared/*.xml "$run/template/corpus/"
n=0
for file in Meetings/*/documents/*/*.yaml; do
  while IFS= read -r line; do
    n=$((n + 1)); printf '%s' "${line#*: }" > "$run/inline/corpus/seed-$n"
  done < <(grep -E '^[a-z0-9-]+: ' "$file" | head -200)
done
# Bold, superscript and line breaks, which the bundled meeting does not use.
for seed in '**Decides** *a **b** c* 10^3^[[br]]x^*n*^ ***both*** \^ \*\*' '5 ** 3' 'x^2 + y' '*a **b* c**'; do
  n=$((n + 1)); printf '%s' "$seed" > "$run/inline/corpus/seed-$n"
done
cp Meetings/*/documents/*/en.yaml Meetings/*/documents/*/zh.yaml "$run/loader/corpus/" 2>/dev/null || true
for i in "$run"/loader/corpus/*; do mv "$i" "$i.$RANDOM"; done
# XLIFF: the import test fixtures (exports, translate-toolkit output, CAT-tool variants of the mini meeting's n1).
# structure: every document.yaml of the meeting and of the fixtures (tables, every kind).
n=0
for file in Meetings/*/documents/*/document.yaml Tests/PlenaryTests/Fixtures/*/documents/*/document.yaml; do
  n=$((n + 1)); cp "$file" "$run/structure/corpus/seed-$n"
done
cp Tests/PlenaryTests/Fixtures/xliff/*.xlf "$run/xliff/corpus/"
# pages: hostile values for every text of the bundled meeting (see HostilePages).
mkdir -p "$run/pages/corpus"
n=0
for seed in '</style><script>alert(1)</script>' '<script>x</script>' '"; } body { x: "' "'\\\"" \
            $'a\x01\x02\x1f\x7f\xc2\x85b' $'line\nbreak\rcr\ttab' 'javascript:alert(1)' '</STYLE/>' '&lt;/style&gt;' '<!--' ']]>' 'UNEP/CBD/BS/COP-MOP/6/7'; do
  n=$((n + 1)); printf '%s' "$seed" > "$run/pages/corpus/seed-$n"
done
printf '\xff</style>' > "$run/pages/corpus/seed-huge"

# LeakSanitizer reports, at exit, the buffer FoundationEssentials' readBytesFromFile allocates for
# an empty file and never frees (Data(contentsOf:) of a 0-byte input): not Plenary's memory, and it
# would fail every run. Crashes, hangs and address errors still stop the fuzzer.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0}"
status=0
for target in $targets; do
  echo "== $target: ${seconds}s"
  fixture=mini; [ "$target" = structure ] && fixture=tables
  ( cd "$run/$target" && PLENARY_FUZZ_TARGET=$target PLENARY_FUZZ_MEETING="$PWD/../../../Tests/PlenaryTests/Fixtures/$fixture" \
      PLENARY_FUZZ_TEMPLATES="$PWD/../../../Templates" PLENARY_FUZZ_PAGES_MEETING="$PWD/../../../Meetings/bs-copmop-6" \
      "../../../$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 corpus \
      > log.txt 2>&1 ) || status=1
  grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb|Done [0-9]+ runs|ERROR|crash-|timeout-" "$run/$target/log.txt" || true
done
exit $status
