#!/usr/bin/env bash
# Regenerates the transcripts in README.md on this machine: a call by
# hand with nc, 800 callers on one thread, 1,100 callers against the
# wall at fd 1024 (select, then poll), slow callers beside normal ones,
# a strace of the loop at work, and the benchmark of one wait. Paste its
# output over the README's transcripts. Needs nc (netcat-openbsd) and
# strace.
set -euo pipefail
cd "$(dirname "$0")"
operator=04-select port=7004
. ../workshop/transcript.sh
go build -o "$tmp/slowcallers" ../workshop/cmd/slowcallers

echo '--- by hand ----------------------------------------------------'
stamp
serve
by_hand
stop

echo '--- 800 callers, one thread --------------------------------------'
stamp
serve
echo "\$ grep Threads /proc/\$(pgrep 04-select)/status   # no callers yet"
sleep 0.2
echo "Threads:	$(threads "$srv")"
"$tmp/callers" -addr 127.0.0.1:$port -n 800 >"$tmp/fleet" 2>&1 &
peak_threads 0.01 running $!
echo "\$ go run ../workshop/cmd/callers -addr 127.0.0.1:$port -n 800"
cat "$tmp/fleet"
echo "# the most threads seen while they called, sampled every 10 ms:"
echo "Threads:	$peak"
stop

for poller in select poll; do
	echo "--- 1,100 callers on hold, $poller ------------------------------"
	stamp
	serve -poller $poller -lookup 3s
	fleet 1100 || true
	stop
done

echo '--- normal callers behind slow ones -----------------------------'
stamp
serve -lookup 100ms -idle 5s
echo "\$ go run ../workshop/cmd/slowcallers -addr 127.0.0.1:$port -slow 8 -n 8"
"$tmp/slowcallers" -addr 127.0.0.1:$port -slow 8 -n 8
stop

echo '--- strace -f, three calls --------------------------------------'
stamp
: >"$tmp/out" # as serve does: never wait on the last server's line
strace -f -tt -qq -o "$tmp/trace" \
	-e trace=accept4,read,write,pselect6,close \
	"$tmp/04-select" -addr 127.0.0.1:$port -lookup 200ms >"$tmp/out" 2>&1 &
tracer=$!
until grep -q listening "$tmp/out" 2>/dev/null; do sleep 0.05; done
sleep 0.2
"$tmp/callers" -addr 127.0.0.1:$port -n 3 >/dev/null 2>&1
kill -TERM "$(cat /proc/$tracer/task/$tracer/children)"
wait $tracer || true
# Join each "<unfinished ...>" line to its "resumed>" line; keep the
# thread that accepts (the loop), from its first pick-up to its last
# close, and leave out its Go-runtime signals.
awk '
	/<unfinished \.\.\.>$/ { sub(/ <unfinished \.\.\.>$/, ""); held[$1] = $0; next }
	/resumed>/ { tid = $1; sub(/^[0-9]+ +[0-9:.]+ <\.\.\. [a-z0-9]+ resumed> ?/, "")
		$0 = held[tid] $0 }
	{ print }' "$tmp/trace" >"$tmp/joined"
tid=$(grep -m1 'accept4(' "$tmp/joined" | cut -d' ' -f1)
echo "\$ strace -f -tt -e trace=accept4,read,write,pselect6,close" \
	"./04-select -lookup 200ms   # the loop's thread, $tid, only"
grep "^$tid " "$tmp/joined" | grep -v -- '--- SIG' |
	sed -n '/accept4(/,$p' | sed '/close(5)/q' |
	cut -c1-100

echo '--- the cost of one wait -----------------------------------------'
stamp
# Benchmarks on a shared machine: say how busy it was.
echo "# load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "\$ go test -run '^\$' -bench Wait ./switchboard"
go test -run '^$' -bench Wait ./switchboard | grep '^Benchmark'
