#!/usr/bin/env bash
# What the kernel sees of one call among 2,000 held: it builds this
# chapter's switchboard, runs it under strace -f, picks up 2,000 silent
# callers (connections this shell opens with bash's /dev/tcp and never
# speaks on), then alice calls. It prints the loop's thread only: the
# other threads are Go's runtime, with an epoll of its own.
# Needs strace and nc (netcat-openbsd). Run it from anywhere: ./strace.sh
set -euo pipefail
cd "$(dirname "$0")"
for tool in strace nc; do
	command -v $tool >/dev/null ||
		{ echo "strace.sh: needs $tool (apt-get install strace netcat-openbsd)" >&2; exit 1; }
done
operator=05-epoll port=7005
. ../workshop/transcript.sh
ulimit -n "$(ulimit -Hn)" # the silent callers are this shell's

stamp
rm -f "$tmp/out" # so the wait below sees this server's start-up line
strace -f -qq -o "$tmp/trace" \
	-e trace=accept4,read,write,epoll_pwait,epoll_ctl,close \
	"$tmp/05-epoll" -addr 127.0.0.1:$port -idle 60s >"$tmp/out" 2>&1 &
tracer=$!
# strace, killed, lets its tracee go: end the server too.
trap 'kill $(cat /proc/$tracer/task/$tracer/children 2>/dev/null) \
	$(jobs -p) 2>/dev/null || true; rm -rf "$tmp"' EXIT
until grep -q listening "$tmp/out" 2>/dev/null; do sleep 0.05; done
hold 2000
sleep 2 # all 2,000 picked up and greeted
by_hand >/dev/null
hang_up
kill -TERM "$(cat /proc/$tracer/task/$tracer/children)"
wait $tracer || true
echo "\$ ./strace.sh"
echo "# strace -f -e trace=accept4,read,write,epoll_pwait,epoll_ctl,close" \
	"./05-epoll -idle 60s"
echo "# 2,000 silent callers picked up, then alice calls; the loop's thread:"
# Join each "<unfinished ...>" line to its thread's "resumed>" line,
# and keep the loop's thread (the one that accepts): the others are
# Go's runtime, whose own epoll asks for 128 lines at a time.
awk '
	/<unfinished \.\.\.>$/ { sub(/ <unfinished \.\.\.>$/, ""); held[$1] = $0; next }
	/resumed>/ { tid = $1; sub(/^[0-9]+ +<\.\.\. [a-z0-9_]+ resumed> ?/, "")
		$0 = held[tid] $0 }
	{ print }' "$tmp/trace" >"$tmp/joined"
loop=$(grep -m1 -E 'accept4\(.* = [0-9]+$' "$tmp/joined" | cut -d' ' -f1)
grep "^$loop " "$tmp/joined" | sed -E 's/^[0-9]+ +//' >"$tmp/loop"
# alice's call: from the wait that saw her ring to her hang-up.
awk '{ line[NR] = $0 } /"alice\\n"/ { found = 1 }
	found && /^close\(/ { last = NR; exit }
	END { for (i = last; i > 0; i--) if (line[i] ~ /^accept4\(.* = [0-9]+$/)
		break
	for (j = i - 1; j > 0 && line[j] !~ /^epoll_pwait/; j--) ;
	for (k = j; k <= last; k++) print line[k] }' "$tmp/loop" |
	grep -v 'EAGAIN' | cut -c1-100
awk '/"alice\\n"/ { found = 1 } found && /^close\(/ { exit }
	/^epoll_pwait\(/ { waits++; if ($NF > most) most = $NF }
	END { printf "# until alice hung up, %d waits of the loop handed over" \
		" at most %d line(s) each\n", waits, most }' "$tmp/loop"

