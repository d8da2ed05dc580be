#!/usr/bin/env bash
# Regenerates the transcripts in README.md on this machine: a call by
# hand, 3,000 callers with each model (and the most OS threads seen),
# the records room hanging up mid-answer as 06 and as 07 hear it, and a
# strace of one call. The side-by-side measurements are a command of
# their own (README, "Measure it"). Paste its output over the README's
# transcripts. Needs nc (netcat-openbsd) and strace; run from anywhere.
set -euo pipefail
cd "$(dirname "$0")"
operator=07-coroutines port=7007
. ../workshop/transcript.sh

echo '--- by hand ----------------------------------------------------'
stamp
serve
by_hand
stop

for model in coroutines goroutines; do
	echo "--- 3,000 callers, -model $model -------------------------------"
	stamp
	serve -model "$model"
	"$tmp/callers" -addr "127.0.0.1:$port" -n 3000 -ringing 1000 \
		>"$tmp/fleet" 2>&1 &
	fleet=$!
	peak_threads 0.05 running "$fleet"
	wait "$fleet"
	echo "\$ go run ../workshop/cmd/callers -addr 127.0.0.1:$port" \
		"-n 3000 -ringing 1000"
	cat "$tmp/fleet"
	echo "(the most OS threads the operator had meanwhile: $peak)"
	stop
done

echo '--- the records room hangs up mid-answer ------------------------'
stamp
echo '$ go test -v -run TestTheRecordsRoomHangingUpSaysWhoAsked ./operator'
go test -count=1 -v -run TestTheRecordsRoomHangingUpSaysWhoAsked ./operator |
	sed -n '/06, the error/,/^--- PASS/p' | grep -v '^--- PASS' |
	sed -E "s/^ {4}//; s/ \+0x[0-9a-f]+$//; s/\([^()]*0x[^()]*\)/(...)/g; s#$(cd .. && pwd)/##"

echo '--- one call under strace ---------------------------------------'
stamp
strace -f -qq -o "$tmp/trace" -e trace=accept4,connect,read,write,close \
	"$tmp/$operator" -addr "127.0.0.1:$port" -lookup 100ms \
	>"$tmp/out" 2>&1 &
srv=$!
until grep -q listening "$tmp/out" 2>/dev/null; do sleep 0.05; done
printf 'alice\n' | nc -q 3 127.0.0.1 "$port" >/dev/null
kill -TERM "$(cat "/proc/$srv/task/$srv/children")"
wait "$srv" || true
echo '$ strace -f -e trace=accept4,connect,read,write,close go run . -lookup 100ms'
sed -n '/accept4/,$p' "$tmp/trace" |
	grep -E 'accept4|connect|"alice|"operator|"555-|close\(1[0-9]\)' |
	grep -v -E 'resumed|unfinished' | head -20
