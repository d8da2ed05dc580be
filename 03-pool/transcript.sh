#!/usr/bin/env bash
# Regenerates the transcripts in README.md on this machine: a call by
# hand with nc, twelve callers on four workers, the thread count under
# two hundred callers, a full queue (busy, then block), slow callers
# starving the pool, and a strace of the pool at work. Paste its output
# over the README's transcripts. Needs nc (netcat-openbsd) and strace.
set -euo pipefail
cd "$(dirname "$0")"
operator=03-pool port=7003
. ../workshop/transcript.sh
go build -o "$tmp/slowcallers" ./cmd/slowcallers

echo '--- by hand ----------------------------------------------------'
stamp
serve
by_hand
stop

echo '--- twelve callers, four workers ---------------------------------'
stamp
serve -workers 4 -lookup 300ms
fleet 12
stop

echo '--- threads under two hundred callers ---------------------------'
stamp
serve -workers 4 -lookup 50ms -queue 300
echo "\$ grep Threads /proc/\$(pgrep 03-pool)/status   # no callers yet"
sleep 0.2
echo "Threads:	$(threads "$srv")"
"$tmp/callers" -addr 127.0.0.1:$port -n 200 >"$tmp/fleet" 2>&1 &
peak_threads 0.01 running $!
echo "\$ go run ../workshop/cmd/callers -addr 127.0.0.1:$port -n 200"
cat "$tmp/fleet"
echo "# the most threads seen while they called, sampled every 10 ms:"
echo "Threads:	$peak"
stop

echo '--- a full queue: busy ------------------------------------------'
stamp
serve -workers 2 -queue 2 -lookup 300ms
fleet 10
stop

echo '--- a full queue: block -----------------------------------------'
stamp
serve -workers 2 -queue 2 -lookup 300ms -when-full block
fleet 10
stop

echo '--- normal callers alone ----------------------------------------'
stamp
serve -workers 4 -lookup 100ms -idle 5s
fleet 8
stop

echo '--- normal callers behind slow ones -----------------------------'
stamp
serve -workers 4 -lookup 100ms -idle 5s
echo "\$ go run ./cmd/slowcallers -addr 127.0.0.1:$port -slow 8 -n 8"
"$tmp/slowcallers" -addr 127.0.0.1:$port -slow 8 -n 8
stop

echo '--- strace -f, three calls on two workers -----------------------'
stamp
strace -f -tt -qq -o "$tmp/trace" \
	-e trace=accept4,read,write,nanosleep,futex,close \
	"$tmp/03-pool" -addr 127.0.0.1:$port -workers 2 >"$tmp/out" 2>&1 &
tracer=$!
until grep -q listening "$tmp/out" 2>/dev/null; do sleep 0.05; done
sleep 0.2
"$tmp/callers" -addr 127.0.0.1:$port -n 3 >/dev/null 2>&1
kill -TERM "$(cat /proc/$tracer/task/$tracer/children)"
wait $tracer || true
echo "\$ strace -f -tt -e trace=accept4,read,write,nanosleep,futex,close" \
	"./03-pool -workers 2"
# Join each "<unfinished ...>" line to its "resumed>" line, start at the
# first accept4 that returned a call, and keep the threads that accept
# or pick up: the others are Go's runtime.
awk '
	/<unfinished \.\.\.>$/ { sub(/ <unfinished \.\.\.>$/, ""); held[$1] = $0; next }
	/resumed>/ { tid = $1; sub(/^[0-9]+ +[0-9:.]+ <\.\.\. [a-z0-9]+ resumed> ?/, "")
		$0 = held[tid] $0 }
	{ print }' "$tmp/trace" >"$tmp/joined"
tids=$(grep -E 'accept4\(.* = [0-9]+$|write\([0-9]+, "operator' "$tmp/joined" |
	cut -d' ' -f1 | sort -u | paste -sd'|')
grep -E "^($tids) " "$tmp/joined" | sed -n '/accept4(.* = [0-9]*$/,$p' |
	grep -v 'EAGAIN\|ETIMEDOUT' | sed '/EINVAL/q' | cut -c1-100
