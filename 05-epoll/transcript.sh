#!/usr/bin/env bash
# Regenerates the transcripts in README.md on this machine: a call by
# hand, 5,000 callers on one thread, a strace of one call among 2,000
# held, the fd limit reached, the memory a held call costs, the wait
# cost next to chapter 04's select and poll, and short calls a second
# against Go's net. Paste its output over the README's transcripts.
# Needs nc (netcat-openbsd), strace and taskset; run it from anywhere.
set -euo pipefail
cd "$(dirname "$0")"
operator=05-epoll port=7005
. ../workshop/transcript.sh
go build -o "$tmp/gonet" ../plots/peers/gonet
ulimit -n "$(ulimit -Hn)" # the silent callers below are this shell's

# cpu_ms PID: the CPU time the process has used, in ms.
cpu_ms() { awk '{ print ($14 + $15) * 10 }' "/proc/$1/stat"; }
# rss_kb PID: the process's resident memory, in KiB.
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }

echo '--- by hand ----------------------------------------------------'
stamp
serve
by_hand
stop

echo '--- 5,000 callers at once, a 3 s lookup -------------------------'
stamp
serve -lookup 3s -idle 30s
"$tmp/callers" -addr 127.0.0.1:$port -n 5000 -ringing 2000 \
	>"$tmp/fleet" 2>&1 &
peak_threads 0.1 running $!
echo "\$ go run ../workshop/cmd/callers -addr 127.0.0.1:$port" \
	"-n 5000 -ringing 2000"
grep -v '^[0-9.]*s: ringing' "$tmp/fleet" || true
echo "# the most OS threads the operator had, sampled every 100 ms:"
echo "Threads:	$peak"
stop

echo '--- strace -f: one call among 2,000 held -------------------------'
./strace.sh

echo '--- out of fds: prlimit --nofile=128:128, 178 silent callers -----'
stamp
rm -f "$tmp/out"
prlimit --nofile=128:128 "$tmp/05-epoll" -addr 127.0.0.1:$port \
	-idle 60s >"$tmp/out" 2>&1 &
srv=$!
until grep -q listening "$tmp/out" 2>/dev/null; do sleep 0.05; done
echo "\$ go build . && prlimit --nofile=128:128 ./05-epoll -idle 60s"
cat "$tmp/out"
hold 178
sleep 1
echo "# 178 silent callers: $(ls /proc/$srv/fd | awk '$1 < 128' | wc -l)" \
	"of the 128 fds open, the rest ringing; the line is readable and" \
	"accept says EMFILE"
before=$(cpu_ms $srv)
sleep 2
echo "# CPU used over the next 2 s: $(($(cpu_ms $srv) - before)) ms"
hang_up
sleep 0.2
by_hand
stop

echo '--- memory: RSS per held call -----------------------------------'
stamp
echo "\$ go test -run HeldCallCosts -v ."
go test -count=1 -run HeldCallCosts -v . 2>&1 | grep -E 'calls on hold|^(---|ok)'
echo "# what the kernel keeps for each connection, bytes an object:"
awk '$1 ~ /^(TCP|sock_inode_cache|filp|dentry|eventpoll_epi)$/ {
	printf "#   %-16s %5d\n", $1, $4 }' /proc/slabinfo 2>/dev/null ||
	echo "#   (reading /proc/slabinfo needs root)"
echo "# 5,000 silent callers held, against a goroutine a call (Go's net):"
for who in 05-epoll gonet; do
	rm -f "$tmp/out"
	"$tmp/$who" -addr 127.0.0.1:$port -idle 60s >"$tmp/out" 2>&1 &
	srv=$!
	until grep -q listening "$tmp/out" 2>/dev/null; do sleep 0.05; done
	sleep 0.2
	rss0=$(rss_kb $srv)
	hold 5000
	sleep 1
	rss=$(rss_kb $srv)
	printf '#   %-8s RSS %5d KiB -> %5d KiB: %4d bytes a silent caller\n' \
		$who $rss0 $rss $(((rss - rss0) * 1024 / 5000))
	hang_up
	stop
done

echo '--- the cost of a wait: select, poll (04) and epoll ---------------'
stamp
echo "\$ go test -run '^\$' -bench Wait ./epoll"
go test -run '^$' -bench Wait ./epoll 2>&1 | grep -E '^Benchmark'

echo '--- short calls: system calls and CPU a call, three servers -------'
./shortcalls.sh
