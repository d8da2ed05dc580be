#!/usr/bin/env bash
# Regenerates the transcripts in README.md on this machine: a call by
# hand with nc, five callers from the fleet, a strace of one call, and a
# backlog overflowing. Paste its output over the README's transcripts.
# Needs nc (netcat-openbsd), strace and nstat (iproute2).
set -euo pipefail
cd "$(dirname "$0")"
operator=01-blocking port=7001
. ../workshop/transcript.sh

echo '--- by hand ----------------------------------------------------'
stamp
serve
by_hand
stop

echo '--- five callers -----------------------------------------------'
stamp
serve
fleet 5
stop

echo '--- strace -f, one call -----------------------------------------'
stamp
strace -f -tt -qq -o "$tmp/trace" \
	-e trace=accept4,read,write,nanosleep,close \
	"$tmp/01-blocking" -addr 127.0.0.1:$port >"$tmp/out" 2>&1 &
tracer=$!
until grep -q listening "$tmp/out" 2>/dev/null; do sleep 0.05; done
printf 'alice\n' | nc 127.0.0.1 $port >/dev/null
kill -TERM "$(cat /proc/$tracer/task/$tracer/children)"
wait "$tracer" || true
# The operator's thread is the one that called accept4.
tid=$(grep -m1 'accept4(' "$tmp/trace" | cut -d' ' -f1)
echo "\$ go build -o /tmp/01-blocking ."
echo "\$ strace -f -tt -e trace=accept4,read,write,nanosleep,close" \
	"/tmp/01-blocking"
echo "# in another terminal: printf 'alice\\n' | nc 127.0.0.1 $port;" \
	"then Ctrl-C"
echo "# the operator's thread ($tid) only, lines cut at 100 columns:"
# Join each "<unfinished ...>" line to its "resumed>" line, and start at
# the first accept4: before it, the same thread was starting Go up.
grep "^$tid " "$tmp/trace" | awk '
	/<unfinished \.\.\.>$/ { sub(/ <unfinished \.\.\.>$/, ""); held = $0; next }
	/resumed>/ { sub(/^.*resumed> ?/, ""); $0 = held $0 }
	{ print }' | sed -n '/accept4(/,$p' | cut -c1-100 | head -10

echo '--- a full backlog ----------------------------------------------'
stamp
serve -lookup 200ms -backlog 1
# nstat shows what changed since it last ran: -n only resets that.
echo "\$ nstat -n"
nstat -n
fleet 8 || true
echo "\$ nstat TcpExtListenOverflows TcpExtListenDrops"
nstat TcpExtListenOverflows TcpExtListenDrops | tail -n +2
stop
