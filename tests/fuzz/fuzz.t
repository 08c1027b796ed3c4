#!/usr/bin/env bash
# Short libFuzzer runs of every parser of untrusted input (built by
# ./build.sh test into out/host/fuzz). Each target runs FUZZ_SECONDS
# (default 10) from its seed corpus in tests/fuzz/corpus/NAME, with inputs
# of at most 8 KiB unless tests/fuzz/NAME.flags holds other libFuzzer flags
# (e.g. -max_len=N for a target whose real inputs are larger); a crash,
# leak or sanitizer report fails the test and leaves the reproducer in
# out/fuzz/bin/NAME.artifacts/.
#
# Long run: FUZZ_SECONDS=3600 ./build.sh test tests/fuzz/fuzz.t
. "$(dirname "$0")/../lib/tap.sh"

dir=${FUZZ_DIR:-$(dirname "$0")/../../out/fuzz/bin}
secs=${FUZZ_SECONDS:-10}
targets=$(find "$dir" -maxdepth 1 -type f -name 'fuzz_*' ! -name '*.*' 2>/dev/null | sort)
[ -n "$targets" ] || skip_all "no fuzz targets built in $dir (run ./build.sh test)"
plan "$(echo "$targets" | wc -l)"
for t in $targets; do
	name=$(basename "$t")
	corpus=$(dirname "$0")/corpus/$name
	work=$dir/$name.corpus
	mkdir -p "$work" "$dir/$name.artifacts"
	[ -d "$corpus" ] && cp -n "$corpus"/* "$work"/ 2>/dev/null
	flags=$(cat "$(dirname "$0")/$name.flags" 2>/dev/null)
	# shellcheck disable=SC2086 # flags are words
	"$t" -max_total_time="$secs" -max_len=8192 -timeout=10 -rss_limit_mb=1024 $flags \
		-artifact_prefix="$dir/$name.artifacts/" "$work" >"$dir/$name.log" 2>&1
	rc=$?
	ok $rc "$name: ${secs}s of fuzzing, no crash ($(grep -o 'cov: [0-9]*' "$dir/$name.log" | tail -1))"
	[ $rc = 0 ] || diag "$(tail -20 "$dir/$name.log")"
done
done_testing
