#!/usr/bin/env bash
# Regenerates the transcripts in README.md on this machine: a call by
# hand with nc, 300 callers from the fleet and 300 from nc, the demo,
# the busy signal, and a strace of calls on their threads. Paste its
# output over the README's transcripts.
# Needs nc (netcat-openbsd) and strace.
set -euo pipefail
cd "$(dirname "$0")"
operator=02-threads port=7002
. ../workshop/transcript.sh

echo '--- by hand ----------------------------------------------------'
stamp
serve
by_hand
stop

echo '--- 300 callers from the fleet ----------------------------------'
stamp
serve
fleet 300 2>&1
stop

echo '--- 300 callers from nc, with the thread count ------------------'
stamp
serve
echo "\$ grep Threads /proc/\$(pgrep 02-threads)/status  # idle"
echo "Threads:	$(threads "$srv")"
echo "\$ time (for i in \$(seq 300); do echo caller-\$i |" \
	"nc -N 127.0.0.1 $port & done; wait) | grep -c 555-"
start=$(date +%s.%N)
for i in $(seq 300); do
	echo "caller-$i" | nc -N 127.0.0.1 $port >"$tmp/nc-$i" &
done
# A job is running while its nc is: the operator's own job is not one.
callers_on_line() { [ "$(jobs -rp | grep -cvx "$srv")" -gt 0 ]; }
peak_threads 0.02 callers_on_line
end=$(date +%s.%N)
cat "$tmp"/nc-* | grep -c 555-
echo "real	$(echo "$end - $start" | bc | xargs printf '%.2fs')"
echo "# threads at the peak, sampled every 20 ms while they were on hold:"
echo "Threads:	$peak"
stop

echo '--- busy past -max-calls -----------------------------------------'
stamp
serve -max-calls 100
fleet 300 2>&1 || true
stop

echo '--- the demo ----------------------------------------------------'
stamp
echo "\$ go run . -demo 1000"
"$tmp/02-threads" -demo 1000
stamp
echo "\$ go run . -demo 9000"
"$tmp/02-threads" -demo 9000
stamp
echo "\$ go run . -demo 12000"
"$tmp/02-threads" -demo 12000

echo '--- strace -f, calls after the warm-up ---------------------------'
stamp
strace -f -tt -qq -o "$tmp/trace" \
	-e trace=clone,clone3,accept4,read,write,nanosleep,close,exit \
	"$tmp/02-threads" -addr 127.0.0.1:$port >"$tmp/out" 2>&1 &
srv=$!
until grep -q listening "$tmp/out" 2>/dev/null; do sleep 0.05; done
# The runtime starts with a few idle threads, and the first calls take
# them over; after these, every call needs a new one.
for name in w1 w2 w3 w4; do
	printf '%s\n' $name | nc -N 127.0.0.1 $port >/dev/null
done
for name in alice bob; do
	printf '%s\n' $name | nc -N 127.0.0.1 $port >/dev/null
done
kill -TERM "$(cat /proc/$srv/task/$srv/children)"
wait $srv || true
# Leave out the runtime's monitor (sysmon: the thread that naps 20us at
# a time) and its signals, and start at the first call shown.
sysmon=$(grep -m1 'tv_nsec=20000}' "$tmp/trace" | cut -d' ' -f1)
echo "\$ strace -f -tt -e trace=clone,accept4,read,write,nanosleep,close,exit" \
	"./02-threads   # two calls, less the runtime's monitor thread"
# From the end of the last warm-up call to the end of the day.
grep -v -e "^$sysmon " -e 'SIG' "$tmp/trace" |
	awk '/"w4: 555-/ { from = NR } { line[NR] = $0 }
		END { for (i = from + 3; i <= NR; i++) print line[i] }' |
	sed -n '1,/EINVAL/p' |
	sed -E 's/(CLONE_VM)\|[A-Z_|]+/\1|.../' | cut -c1-100
