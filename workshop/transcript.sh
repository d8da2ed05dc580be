# The helpers every chapter's transcript.sh stands on. A chapter sets
# two names and sources this file from its own directory:
#
#	operator=03-pool port=7003
#	. ../workshop/transcript.sh
#
# It builds the operator, the caller fleet and the slow callers into a
# temporary folder, removed (with any server still running) when the
# script ends.
set -euo pipefail
tmp=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$tmp"' EXIT
go build -o "$tmp/$operator" .
go build -o "$tmp/callers" ../workshop/cmd/callers
go build -o "$tmp/slowcallers" ../workshop/cmd/slowcallers

# stamp says where a transcript came from: CPU, cores, kernel, Go, day.
stamp() {
	echo "# $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)," \
		"$(nproc) cores, Linux $(uname -r), $(go version | cut -d' ' -f3)," \
		"$(date -u +%Y-%m-%d)"
}

# serve FLAGS...: start the operator on $port, wait for its start-up
# line, and show the command and the line. $srv is its pid.
serve() {
	# Empty the file first, here: the background job's own ">" may
	# run after the wait below has read the last server's line.
	: >"$tmp/out"
	"$tmp/$operator" -addr "127.0.0.1:$port" "$@" >"$tmp/out" 2>&1 &
	srv=$!
	until grep -q listening "$tmp/out" 2>/dev/null; do sleep 0.05; done
	echo "\$ go run .${*:+ $*}"
	cat "$tmp/out"
}

# stop sends the operator SIGTERM and waits for it to go.
stop() { kill -TERM "$srv"; wait "$srv" || true; }

# threads PID: the process's OS threads now.
threads() { awk '/^Threads:/ { print $2 }' "/proc/$1/status"; }

# by_hand: one call with nc, shown as a person at a terminal sees it,
# the name they typed in its place.
by_hand() {
	echo "\$ nc 127.0.0.1 $port"
	printf 'alice\n' | nc -q 3 127.0.0.1 "$port" | {
		read -r greeting
		echo "$greeting"
		echo alice
		cat
	}
}

# slow S N: S slow callers and then N normal ones, shown as the command
# a reader would type and the timeline it printed.
slow() {
	echo "\$ go run ../workshop/cmd/slowcallers -addr 127.0.0.1:$port" \
		"-slow $1 -n $2"
	"$tmp/slowcallers" -addr "127.0.0.1:$port" -slow "$1" -n "$2"
}

# fleet N: N callers from the workshop's fleet, shown as the command a
# reader would type and what it printed.
fleet() {
	echo "\$ go run ../workshop/cmd/callers -addr 127.0.0.1:$port -n $1"
	"$tmp/callers" -addr "127.0.0.1:$port" -n "$1"
}

# peak_threads EVERY COMMAND...: sample the operator's OS threads every
# EVERY seconds for as long as COMMAND succeeds; the most seen is left
# in $peak. (A variable, not output: in a subshell, COMMAND could not
# see this shell's jobs.)
peak_threads() {
	local every=$1 n
	shift
	peak=0
	while "$@"; do
		n=$(threads "$srv")
		[ "$n" -gt "$peak" ] && peak=$n
		sleep "$every"
	done
}

# running PID...: whether any of the PIDs is still alive.
running() {
	local pid
	for pid; do
		kill -0 "$pid" 2>/dev/null && return 0
	done
	return 1
}

# hold N: N silent callers on $port, each a TCP connection this shell
# opens (bash's /dev/tcp) and never speaks on; $held lists their fds.
# The shell's fd limit must leave room: ulimit -n "$(ulimit -Hn)".
hold() {
	held=()
	local i fd
	for ((i = 0; i < $1; i++)); do
		exec {fd}<>"/dev/tcp/127.0.0.1/$port"
		held+=("$fd")
	done
}
# hang_up: the silent callers hang up.
hang_up() {
	local fd
	for fd in "${held[@]}"; do exec {fd}>&-; done
}
