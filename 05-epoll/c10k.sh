#!/usr/bin/env bash
# C10K on your machine: 10,000 callers on hold at once on one thread,
# all answered. It builds this chapter's switchboard and the caller
# fleet, checks the two limits the run needs, starts the server with a
# 10 s lookup, rings it with 10,000 callers, and, while they are all on
# hold, reads the server's memory (RSS) and threads from /proc.
# Run it from anywhere: ./c10k.sh (or bash c10k.sh).
set -euo pipefail
cd "$(dirname "$0")"
n=${1:-10000}
tmp=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$tmp"' EXIT

echo "# $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)," \
	"$(nproc) cores, Linux $(uname -r), $(go version | cut -d' ' -f3)," \
	"$(date -u +%Y-%m-%d)"

# The limits. Each call is an fd in the server and one in the fleet,
# and Go raises a process's soft fd limit to the hard one: the hard
# limit must leave room for n calls and a few fds of its own. The
# fleet keeps at most 2,000 callers ringing, under the listen backlog
# (the server asks for 4,096; the kernel cuts it to somaxconn).
hard=$(ulimit -Hn)
somaxconn=$(cat /proc/sys/net/core/somaxconn)
echo "fd limit (ulimit -Hn): $hard; listen backlog (net.core.somaxconn): $somaxconn"
if [ "$hard" != unlimited ] && [ "$hard" -lt $((n + 100)) ]; then
	echo "c10k: the hard fd limit is $hard, under $((n + 100)):" \
		"raise it (as root: ulimit -Hn $((n + 1000))), or run $0 $((hard - 100))" >&2
	exit 1
fi
ringing=$((somaxconn < 2000 ? somaxconn / 2 : 2000))

go build -o "$tmp/05-epoll" .
go build -o "$tmp/callers" ../workshop/cmd/callers
"$tmp/05-epoll" -addr 127.0.0.1:7005 -lookup 10s -idle 30s >"$tmp/out" 2>&1 &
srv=$!
until grep -q listening "$tmp/out" 2>/dev/null; do sleep 0.05; done
cat "$tmp/out"
# rss and threads: the server's resident memory in KiB, and its OS
# threads, from /proc (the Go runtime's threads are counted too).
rss() { awk '/^VmRSS:/ { print $2 }' "/proc/$srv/status"; }
threads() { awk '/^Threads:/ { print $2 }' "/proc/$srv/status"; }
rss0=$(rss)
echo "no callers:       RSS $rss0 KiB, $(threads) threads"

"$tmp/callers" -addr 127.0.0.1:7005 -n "$n" -ringing "$ringing" \
	-timeout 60s >"$tmp/fleet" 2>&1 &
fleet=$!
# Until every caller is picked up: the server's open fds reach n.
for _ in $(seq 200); do
	[ "$(ls /proc/$srv/fd | wc -l)" -ge "$n" ] && break
	sleep 0.05
done
sleep 0.5
rss1=$(rss)
echo "$n on hold:    RSS $rss1 KiB, $(threads) threads," \
	"$(ls /proc/$srv/fd | wc -l) fds open"
echo "a call on hold:   $(((rss1 - rss0) * 1024 / n)) bytes of the server's RSS"
wait $fleet
grep -v '^[0-9.]*s: ringing' "$tmp/fleet"
kill -TERM $srv
wait $srv || true
