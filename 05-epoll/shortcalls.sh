#!/usr/bin/env bash
# What a short call costs three servers: this chapter's switchboard,
# Go's net with a goroutine a call (../plots/peers/gonet) and gnet
# (../plots/peers/gnet), all with -lookup 0.
#
# First the system calls of one call: each server under strace -c -f,
# 2,000 calls from 8 callers at a time, each count divided by 2,000.
# strace slows what it traces, so this part counts and never times.
#
# Then the CPU of one call, untraced: each server on core 0 with one P
# (GOMAXPROCS=1), the callers on core 1, ROUNDS rounds (default 5) of
# SECONDS seconds (default 3) at 8, 32 and 128 callers at once, the
# servers taking turns within each round. The server's CPU is read in
# ns from /proc/PID/task/*/schedstat (internal/shortcalls -pid). It
# ends with the median of the rounds and their range, each server's
# median over the cheaper peer's; and how often a call the server's
# threads other than its busiest (Go's runtime's own: sysmon, and the
# threads it wakes) were put on its core.
#
# Needs strace and taskset. Run it from anywhere: ./shortcalls.sh
set -euo pipefail
cd "$(dirname "$0")"
rounds=${ROUNDS:-5} seconds=${SECONDS_EACH:-3}
for tool in strace taskset; do
	command -v $tool >/dev/null ||
		{ echo "shortcalls.sh: needs $tool (apt-get install strace util-linux)" >&2; exit 1; }
done
operator=05-epoll port=7005
. ../workshop/transcript.sh
go build -o "$tmp/gonet" ../plots/peers/gonet
(cd ../plots && go build -o "$tmp/gnet" ./peers/gnet)
go build -o "$tmp/shortcalls" ./internal/shortcalls
servers="05-epoll gonet gnet"
declare -A ports=([05-epoll]=7005 [gonet]=7095 [gnet]=7096)

# started NAME: wait for NAME's start-up line in $tmp/NAME.out.
started() {
	until grep -q listening "$tmp/$1.out" 2>/dev/null; do sleep 0.05; done
}

stamp
echo "# load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# system calls a short call: strace -c -f, 2,000 calls, 8 at a time"
for who in $servers; do
	: >"$tmp/$who.out"
	strace -f -c -o "$tmp/$who.strace" "$tmp/$who" -lookup 0s \
		-addr 127.0.0.1:${ports[$who]} >"$tmp/$who.out" 2>&1 &
	tracer=$!
	started $who
	"$tmp/callers" -addr 127.0.0.1:${ports[$who]} -n 2000 -ringing 8 \
		>"$tmp/$who.fleet" 2>&1
	# strace, killed, lets its tracee go: stop the server itself.
	kill -TERM $(cat /proc/$tracer/task/$tracer/children)
	wait $tracer || true
	grep -q '^answered *2000$' "$tmp/$who.fleet" ||
		{ cat "$tmp/$who.fleet"; exit 1; }
done
printf '#   %-12s' syscall
printf ' %8s' $servers
echo
for call in accept4 read write epoll_ctl epoll_pwait close getsockopt \
	getsockname setsockopt getrlimit futex nanosleep; do
	printf '#   %-12s' $call
	for who in $servers; do
		awk -v c=$call '$NF == c { n = $4 } END { printf " %8.2f", n / 2000 }' \
			"$tmp/$who.strace"
	done
	echo
done
printf '#   %-12s' 'in all'
for who in $servers; do
	awk '$NF == "total" { printf " %8.2f", $4 / 2000 }' "$tmp/$who.strace"
done
echo

echo "# CPU a short call: $rounds rounds of ${seconds} s, the servers in turn"
for who in $servers; do
	: >"$tmp/$who.out"
	taskset -c 0 env GOMAXPROCS=1 "$tmp/$who" -lookup 0s \
		-addr 127.0.0.1:${ports[$who]} >"$tmp/$who.out" 2>&1 &
	declare "pid_${who//-/_}=$!"
	started $who
done
for round in $(seq "$rounds"); do
	for callers in 8 32 128; do
		# Each round starts with a different server, so none is always
		# first after the callers change.
		set -- $servers
		for _ in $(seq $(((round - 1) % 3))); do set -- "$@" "$1"; shift; done
		for who in "$@"; do
			pid=pid_${who//-/_}
			taskset -c 1 env GOMAXPROCS=1 "$tmp/shortcalls" -c $callers \
				-for ${seconds}s -label "$who" \
				-addr 127.0.0.1:${ports[$who]} -pid ${!pid} |
				awk -v r=$round -v c=$callers -v w=$who '
					/µs a call/ { for (i = 1; i <= NF; i++)
						if ($(i+1) == "µs") us = $i }
					/times a call/ { woke = $(NF-3) }
					END { printf "round %d  %3d callers  %-8s %s µs  %s\n",
						r, c, w, us, woke }'
		done
	done
done | tee "$tmp/rounds"
for who in $servers; do
	pid=pid_${who//-/_}
	kill -TERM ${!pid}
done
wait
# medians FIELD FORMAT: for each load, each server's median over the
# rounds of the rounds' FIELD, printed in FORMAT, and their range; then
# 05-epoll's median over the cheaper peer's, if FORMAT is µs's.
medians() {
	for callers in 8 32 128; do
		printf '%3d callers' $callers
		for who in $servers; do
			awk -v c=$callers -v w=$who -v f=$1 '$3 == c && $5 == w { print $f }' \
				"$tmp/rounds" | sort -n | awk -v w=$who -v fmt="$2" '
				{ v[NR] = $1 }
				END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
					printf "  %s " fmt " (%s-%s)", w, m, v[1], v[NR]
					print m > "/dev/stderr" }'
		done 2>"$tmp/medians"
		if [ "$2" = %.1f ]; then
			awk '{ m[NR] = $1 } END { peer = m[2] < m[3] ? m[2] : m[3]
				printf "  ratio %.2f", m[1] / peer }' "$tmp/medians"
		fi
		echo
	done
}
echo "# median (min-max) of the rounds, µs of server CPU a short call;"
echo "# and 05-epoll's median over the cheaper peer's"
medians 6 %.1f
echo "# median (min-max) of the rounds: how many times a call the server's"
echo "# threads other than its busiest (Go's own) were put on a core"
medians 8 %.3f
