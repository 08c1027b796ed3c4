# Minimal TAP producer for shell tests. Source it, then:
#   [plan N] | ok COND_EXIT_STATUS "name" | is GOT WANT "name" | skip_all "why"
#   diag "text" | done_testing
TAP_N=0
TAP_FAILED=0

TAP_PLANNED=

plan() { echo "1..$1"; TAP_PLANNED=1; }

ok() { # STATUS NAME
	TAP_N=$((TAP_N + 1))
	if [ "$1" = 0 ]; then
		echo "ok $TAP_N - $2"
	else
		echo "not ok $TAP_N - $2"
		TAP_FAILED=$((TAP_FAILED + 1))
	fi
}

is() { # GOT WANT NAME
	if [ "$1" = "$2" ]; then
		ok 0 "$3"
	else
		ok 1 "$3"
		diag "  got: '$1'"
		diag "  want: '$2'"
	fi
}

like() { # GOT REGEX NAME
	if printf '%s' "$1" | grep -Eq -- "$2"; then
		ok 0 "$3"
	else
		ok 1 "$3"
		diag "  got: '$1'"
		diag "  want match: /$2/"
	fi
}

diag() { printf '# %s\n' "$*" | sed '2,$s/^/# /'; }

skip_all() { echo "1..0 # SKIP $*"; exit 0; }

bail_out() { echo "Bail out! $*"; exit 255; }

done_testing() {
	[ -n "$TAP_PLANNED" ] || echo "1..$TAP_N"
	[ "$TAP_FAILED" = 0 ]
}
