#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The console judge (scripts/analyze.py) on crafted consoles: each folder of
# tests/judge holds a console.log and, in `expect`, the exit code the judge
# must give it (0 pass, 1 fail, 3 a splat before kthread_ng was loaded).
# A fixture is judged with its own expected-warnings table if it has one,
# else with tests/judge/expected-warnings (the one warning park_twice), and,
# where it has KNG-DIFF lines, with tests/diff/differences and the scenario
# table tests/judge/diff-scenarios (or its own `scenarios`); one with a
# `clients` file is judged as a real-clients run of those clients; one with a
# `no-init` file as kunit.py's boot (analyze.py --no-init); one with a
# `suites` file is judged as a KUnit run (its results.log) that must report
# those suites, parsed by the kunit.py given as $KUNIT_PY (a kernel source's
# tools/testing/kunit/kunit.py): without one, such a fixture fails.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
p=0; f=0
for d in "$top"/tests/judge/*/; do
	name=$(basename "$d")
	want=$(cat "$d/expect")
	table=$top/tests/judge/expected-warnings
	[ -e "$d/expected-warnings" ] && table=$d/expected-warnings
	args=(--expected-warnings "$table")
	# A differential console: judged against a scenario table of its own,
	# or the fixtures' shared one, and its own recorded outcomes if any.
	if grep -q 'KNG-DIFF' "$d/console.log"; then
		sc=$top/tests/judge/diff-scenarios
		[ -e "$d/scenarios" ] && sc=$d/scenarios
		rec=/dev/null
		[ -e "$d/recorded" ] && rec=$d/recorded
		args+=(--diff-table "$top/tests/diff/differences" \
			--diff-scenarios "$sc" --diff-recorded "$rec")
	fi
	# kunit.py's console (one image for every suite, no init of ours).
	[ -e "$d/no-init" ] && args+=(--no-init)
	# A real-clients console: the clients it must show, in `clients`.
	[ -e "$d/clients" ] && args+=(--clients "$(cat "$d/clients")" \
		--client-diffs "$top/tests/clients/differences")
	if [ -e "$d/suites" ]; then
		if [ ! -e "${KUNIT_PY:-}" ]; then
			f=$((f + 1))
			echo "judge: $name: no kunit.py (set KUNIT_PY)"
			continue
		fi
		args+=(--kunit "$KUNIT_PY" --expect-suites "$(cat "$d/suites")")
	fi
	python3 "$top/scripts/analyze.py" "$d" "${args[@]}" > /tmp/kng-judge-$$.out 2>&1
	got=$?
	if [ "$got" = "$want" ]; then
		p=$((p + 1))
	else
		f=$((f + 1))
		echo "judge: $name: exit $got, expected $want"
		sed 's/^/judge:   /' /tmp/kng-judge-$$.out
	fi
done
rm -f /tmp/kng-judge-$$.out
echo "judge: $p passed, $f failed"
[ $f = 0 ]
