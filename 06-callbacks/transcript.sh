#!/usr/bin/env bash
# Regenerates the transcripts in README.md on this machine: a call by
# hand, the records room in a process of its own, the three ways the
# records room fails, 3,000 callers on one thread, a strace of one
# call, the memory a held call costs next to chapter 05's, the stack a
# deep failure is told on, and the cost of a callback. Paste its output
# over the README's transcripts. Needs nc (netcat-openbsd) and strace;
# run it from anywhere.
set -euo pipefail
cd "$(dirname "$0")"
operator=06-callbacks port=7006 room=7106
. ../workshop/transcript.sh

# fds PID: how many fds the process has open.
fds() { ls "/proc/$1/fd" | wc -l; }
# room_up FLAGS...: the records room alone, on $room; $roompid is it.
room_up() {
	: >"$tmp/room"
	"$tmp/$operator" -serve records -addr 127.0.0.1:$room "$@" \
		>"$tmp/room" 2>&1 &
	roompid=$!
	until grep -q listening "$tmp/room" 2>/dev/null; do sleep 0.05; done
	echo "\$ go run . -serve records -addr 127.0.0.1:$room${*:+ $*} &"
	cat "$tmp/room"
}

echo '--- by hand ----------------------------------------------------'
stamp
serve
by_hand
stop

echo '--- the records room in a process of its own ---------------------'
stamp
room_up
serve -records 127.0.0.1:$room
by_hand
echo "\$ nc 127.0.0.1 $room"
echo alice
printf 'alice\n' | nc -q 3 127.0.0.1 $room
stop
kill -TERM $roompid; wait $roompid || true

echo '--- the records room down, slow, and hanging up mid-answer ---------'
stamp
echo "# down: nobody on $room"
serve -records 127.0.0.1:$room
by_hand
echo "# the operator's fds after the call: $(fds $srv), as before it"
stop
echo "# slow: a records room that takes 5 s, a budget of 1 s"
room_up -lookup 5s
serve -records 127.0.0.1:$room -records-budget 1s
before=$(fds $srv) roombefore=$(fds $roompid)
by_hand
echo "# the operator's fds: $before before the call, $(fds $srv) after"
# Again, timed: from the dial to the last line heard.
start=$(date +%s%N)
exec {call}<>"/dev/tcp/127.0.0.1/$port"
read -r greeting <&$call
echo alice >&$call
read -r answer <&$call
took=$((($(date +%s%N) - start) / 1000000))
exec {call}>&-
echo "# again: \"$answer\" came $took ms after the dial"
sleep 4.5
echo "# the records room's fds: $roombefore before, $(fds $roompid) once" \
	"it has tried to answer both"
stop
kill -TERM $roompid; wait $roompid || true
echo "# hanging up mid-answer: a records room that says 555- and hangs up"
echo "\$ printf 555- | nc -N -l 127.0.0.1 $room &"
printf 555- | nc -N -l 127.0.0.1 $room >/dev/null &
sleep 0.2
serve -records 127.0.0.1:$room
by_hand
echo "# the operator's fds after the call: $(fds $srv)"
stop

echo '--- 3,000 callers at once, a 1 s lookup ---------------------------'
stamp
serve -idle 30s
"$tmp/callers" -addr 127.0.0.1:$port -n 3000 -ringing 1000 \
	>"$tmp/fleet" 2>&1 &
peak_threads 0.1 running $!
echo "\$ go run ../workshop/cmd/callers -addr 127.0.0.1:$port" \
	"-n 3000 -ringing 1000"
grep -v '^[0-9.]*s: ringing' "$tmp/fleet" || true
echo "# the most OS threads the operator had, sampled every 100 ms:"
echo "Threads:	$peak"
stop

echo '--- strace -f: one call --------------------------------------------'
stamp
rm -f "$tmp/out"
strace -f -qq -o "$tmp/trace" \
	-e trace=accept4,socket,connect,getsockopt,read,write,epoll_pwait,epoll_ctl,close \
	"$tmp/$operator" -addr 127.0.0.1:$port >"$tmp/out" 2>&1 &
tracer=$!
until grep -q listening "$tmp/out" 2>/dev/null; do sleep 0.05; done
sleep 0.3
by_hand >/dev/null
kill -TERM "$(cat /proc/$tracer/task/$tracer/children)"
wait $tracer || true
echo "\$ go build . && strace -f" \
	"-e trace=accept4,socket,connect,getsockopt,read,write,epoll_pwait,epoll_ctl,close" \
	"./06-callbacks"
awk '
	/<unfinished \.\.\.>$/ { sub(/ <unfinished \.\.\.>$/, ""); held[$1] = $0; next }
	/resumed>/ { tid = $1; sub(/^[0-9]+ +<\.\.\. [a-z0-9_]+ resumed> ?/, "")
		$0 = held[tid] $0 }
	{ print }' "$tmp/trace" >"$tmp/joined"
loop=$(grep -m1 -E 'accept4\(.*\) += [0-9]+$' "$tmp/joined" | cut -d' ' -f1)
grep "^$loop " "$tmp/joined" | sed -E 's/^[0-9]+ +//; s/ +=/ =/' |
	awk '/^accept4\(.*\) = [0-9]+$/ { on = 1 } on' |
	grep -v -E 'EAGAIN|SO_PROTOCOL|SIGURG|^epoll_pwait\(.*\) = 0$' |
	awk 'NR == 1 { caller = $NF } { print } $0 ~ "^close\\(" caller "\\)" { exit }' |
	cut -c1-120
echo "# (the operator's loop thread alone; EAGAINs, and the waits a timer ended, left out)"

echo '--- memory: a held call, 06 beside 05 ------------------------------'
stamp
echo "\$ go test -run HeldCallHolds -v ."
go test -count=1 -run HeldCallHolds -v . 2>&1 | grep -E 'round|ratio|^(---|ok)'

echo '--- a failure deep in the chain -------------------------------------'
stamp
echo "\$ go test -run DeepInTheChain -v ."
go test -count=1 -run DeepInTheChain -v . 2>&1 | grep -v -E '^(=== RUN|PASS$)'

echo '--- the cost of a callback ------------------------------------------'
stamp
echo "\$ go test -run '^\$' -bench . -count 3 ./reactor"
go test -run '^$' -bench . -count 3 ./reactor 2>&1 | grep -E '^Benchmark'
