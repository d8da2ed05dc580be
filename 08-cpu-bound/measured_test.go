package main

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/holdtheline/holdtheline/workshop/literate"
)

// README, "Measure it": the table is the CSV's medians and spread, and
// the numbers the prose quotes are computed from the CSV here.
func TestTheMeasuredNumbersAreTheCSVs(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	require.NoError(t, err)
	// what, strategy, cores, round, value
	m, err := literate.ReadRounds("measured/strategies.csv", 3, 4)
	require.NoError(t, err)
	for _, k := range m.Points() {
		v := m.Of(k...)
		assert.GreaterOrEqual(t, len(v), 3, "rounds of %v", k)
		line := fmt.Sprintf("%-22s %-10s %5s %8.1f %8.1f %8.1f", k[0], k[1],
			k[2], m.Median(k...), v[0], v[len(v)-1])
		assert.True(t, strings.Contains(string(readme), line),
			"the README's table should have the line\n%s", line)
	}
	prose := strings.Join(strings.Fields(string(readme)), " ")
	cheap := func(s string) float64 { return m.Median("cheap-wait-ms", s, "2") }
	call := func(s string) float64 { return m.Median("call-us", s, "2") }
	tput := func(s, cores string) float64 {
		return m.Median("throughput-calls-per-s", s, cores)
	}
	var spread float64
	for _, k := range m.Points() {
		if v := m.Of(k...); k[0] == "throughput-calls-per-s" {
			spread = max(spread, v[len(v)-1]/v[0])
		}
	}
	for _, q := range []string{
		fmt.Sprintf("the rounds of one strategy differ by up to %.1f times",
			spread),
		fmt.Sprintf("alice waited %.0f ms with inline and %.1f ms with "+
			"offload, %.0f times less", cheap("inline"), cheap("offload"),
			cheap("inline")/cheap("offload")),
		fmt.Sprintf("HAProxy added %.0f µs a call (%.0f µs through it, "+
			"%.0f µs straight)", call("haproxy")-call("direct"),
			call("haproxy"), call("direct")),
		fmt.Sprintf("on 2 cores, offload answered %.2f times as many calls "+
			"a second as inline", tput("offload", "2")/tput("inline", "2")),
		fmt.Sprintf("offload answered %.2f times as many calls a second "+
			"with 2 cores as with 1", tput("offload", "2")/tput("offload", "1")),
		fmt.Sprintf("goroutines %.2f, procs %.2f and percore %.2f",
			tput("goroutines", "2")/tput("goroutines", "1"),
			tput("procs", "2")/tput("procs", "1"),
			tput("percore", "2")/tput("percore", "1")),
	} {
		assert.True(t, strings.Contains(prose, q),
			"the README should say\n%s", q)
	}
}
