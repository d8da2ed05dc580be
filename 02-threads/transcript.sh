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
# serve waits for "listening" in $tmp/out, and a server started a
# moment ago may not have emptied it yet: it could find the last
# server's line. So each server starts with no $tmp/out at all.

echo '--- by hand ----------------------------------------------------'
stamp
rm -f "$tmp/out"
serve
by_hand
stop

echo '--- 300 callers from the fleet ----------------------------------'
stamp
rm -f "$tmp/out"
serve
fleet 300 2>&1
stop

echo '--- 300 callers from nc, with the thread count ------------------'
stamp
rm -f "$tmp/out"
serve -lookup 10s
echo "\$ grep Threads /proc/\$(pgrep -x 02-threads)/status"
echo "Threads:	$(threads "$srv")"
echo "\$ for i in \$(seq 300); do echo caller-\$i |" \
	"nc -N 127.0.0.1 $port & done | grep -c 555-"
(
	for i in $(seq 300); do
		echo "caller-$i" | nc -N 127.0.0.1 $port &
	done
	touch "$tmp/dialled"
) | grep -c 555- >"$tmp/answered" &
callers=$!
# Every nc has started (and a second more for the last ones to ask):
# with a 10 s lookup, they are all on hold now.
until [ -e "$tmp/dialled" ]; do sleep 0.1; done
sleep 1
on_hold=$(threads "$srv")
wait $callers
cat "$tmp/answered"
echo "# meanwhile, in a third terminal, while they were on hold:"
echo "\$ grep Threads /proc/\$(pgrep -x 02-threads)/status"
echo "Threads:	$on_hold"
stop

echo '--- busy past -max-calls -----------------------------------------'
stamp
rm -f "$tmp/out"
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
rm -f "$tmp/out"
strace -f -tt -qq -o "$tmp/trace" \
	-e trace=clone,clone3,accept4,read,write,nanosleep,close,exit \
	"$tmp/02-threads" -addr 127.0.0.1:$port >"$tmp/out" 2>&1 &
srv=$!
until grep -q listening "$tmp/out" 2>/dev/null; do sleep 0.05; done
# The operator is strace's child: should this script fail, strace
# would go and leave it serving, so it is stopped on the way out too.
traced=$(cat /proc/$srv/task/$srv/children)
trap 'kill $traced $(jobs -p) 2>/dev/null || true; rm -rf "$tmp"' EXIT
# The runtime starts with a few idle threads, and the first calls take
# them over; after these, every call needs a new one.
for name in w1 w2 w3 w4; do
	printf '%s\n' $name | nc -N 127.0.0.1 $port >/dev/null
done
for name in alice bob; do
	printf '%s\n' $name | nc -N 127.0.0.1 $port >/dev/null
done
kill -TERM "$traced"
wait $srv || true
# Leave out the runtime's monitor (sysmon: the thread that naps 20us at
# a time) and its signals, and start at the first call shown.
sysmon=$(grep -m1 'tv_nsec=20000}' "$tmp/trace" | cut -d' ' -f1)
echo "\$ go build -o /tmp/02-threads . && strace -f -tt" \
	"-e trace=clone,clone3,accept4,read,write,nanosleep,close,exit" \
	"/tmp/02-threads"
echo "# two calls, less the runtime's monitor thread; lines cut at 100 columns"
# From the end of the last warm-up call to the end of the day.
grep -v -e "^$sysmon " -e 'SIG' "$tmp/trace" |
	awk '/"w4: 555-/ { from = NR } { line[NR] = $0 }
		END { for (i = from + 3; i <= NR; i++) print line[i] }' |
	sed -n '1,/EINVAL/p' |
	sed -E 's/(CLONE_VM)\|[A-Z_|]+/\1|.../' | cut -c1-100
