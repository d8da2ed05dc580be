#!/usr/bin/env bash
# Regenerates the transcripts in README.md on this machine: a call by
# hand with nc, twelve callers on four workers, the thread count under
# two hundred callers, what the fleet's -ringing cap hides, a full
# queue (busy, then block), slow callers starving the pool, a strace of
# the pool at work, and the runs of exercises 3 and 4. Paste its output
# over the README's transcripts. Needs nc (netcat-openbsd), nstat and strace.
set -euo pipefail
cd "$(dirname "$0")"
operator=03-pool port=7003
. ../workshop/transcript.sh
# The shared serve waits for "listening" in $tmp/out, which may still
# hold the last server's line before the new one has truncated it:
# empty it first, so serve waits for this server's own line.
eval "$(declare -f serve | sed '1s/^serve/serve_shared/')"
serve() { : >"$tmp/out"; serve_shared "$@"; }
go build -o "$tmp/slowcallers" ../workshop/cmd/slowcallers

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

echo '--- the cap on ringing callers, and without it ------------------'
stamp
serve -lookup 100ms
fleet 300
echo "\$ go run ../workshop/cmd/callers -addr 127.0.0.1:$port -n 300 -ringing 0"
"$tmp/callers" -addr 127.0.0.1:$port -n 300 -ringing 0 || true
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
echo "\$ go run ../workshop/cmd/slowcallers -addr 127.0.0.1:$port -slow 8 -n 8"
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
echo "\$ go build -o /tmp/03-pool . && strace -f -tt \\"
echo "    -e trace=accept4,read,write,nanosleep,futex,close \\"
echo "    /tmp/03-pool -workers 2"
# strace's own order, which is the order things happened: a call that
# blocks is split into "<unfinished ...>" and, when it returns,
# "<... resumed>". Only the threads that accept or pick up (the others
# are Go's runtime), from the receptionist's first accept4 to the one
# that failed at SIGTERM. Shortened to fit 80 columns: the time
# without its hour and minute, the caller's address as {...}, [...],
# a pointer as 0x...; what is still longer is cut at 80 columns.
tids=$(grep -E 'accept4.* = [0-9]+$|write\([0-9]+, "operator' "$tmp/trace" |
	cut -d' ' -f1 | sort -u | paste -sd'|')
grep -E "^($tids) " "$tmp/trace" | sed -n '/accept4(5,  <unfinished/,$p' |
	sed '/EINVAL/q' |
	sed -E -e 's/^([0-9]+ +)[0-9]+:[0-9]+:/\1/' \
		-e 's/\{sa_family=AF_INET, [^}]*\}, \[112 => 16\]/{...}, [...]/' \
		-e 's/0x[0-9a-f]{6,}/0x.../g' |
	cut -c1-80

echo '--- exercise 3: block when full, no cap on ringing ---------------'
stamp
serve -workers 2 -queue 2 -when-full block -lookup 50ms
echo "\$ nstat -n"
nstat -n
echo "\$ go run ../workshop/cmd/callers -addr 127.0.0.1:$port -n 300 -ringing 0"
"$tmp/callers" -addr 127.0.0.1:$port -n 300 -ringing 0 2>/dev/null || true
echo "\$ nstat TcpExtListenOverflows TcpExtSyncookiesSent TcpExtSyncookiesFailed"
nstat TcpExtListenOverflows TcpExtSyncookiesSent TcpExtSyncookiesFailed
stop

echo '--- exercise 4: a minute behind slow callers ----------------------'
stamp
serve -workers 4 -idle 5s
echo "\$ go run ../workshop/cmd/slowcallers -addr 127.0.0.1:$port -slow 48 -n 4"
"$tmp/slowcallers" -addr 127.0.0.1:$port -slow 48 -n 4 |
	awk 'NR == 1 || /^normal/; NR == 2 { print "(48 slow callers)" }'
stop
