package main

import (
	"encoding/csv"
	"image"
	_ "image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/holdtheline/holdtheline/workshop/caller"
)

// The smoke test CI runs: the whole harness at its quick sizes, into a
// temporary folder, as on a fresh machine: with an empty module cache,
// so every module the harness, the chapters and the peers (gnet) need
// is fetched first, and, as root, measured in a network namespace of
// its own, where nothing can be fetched. Every experiment that has data
// draws a PNG that decodes and an SVG, with a CSV of at least one row
// beside it, and the stamp.
func TestQuickRunOnAFreshModuleCacheWritesEveryFigure(t *testing.T) {
	out := t.TempDir()
	// -modcacherw: the go command makes its cache read-only, and
	// t.TempDir could not remove it.
	cache := t.TempDir()
	began := time.Now()
	flags, err := exec.Command("go", "env", "GOFLAGS").Output()
	require.NoError(t, err)
	cmd := exec.Command("go", "run", ".", "-quick", "-out", out)
	cmd.Env = append(os.Environ(), "GOMODCACHE="+cache,
		"GOFLAGS=-modcacherw "+strings.TrimSpace(string(flags)))
	log, err := cmd.CombinedOutput()
	require.NoError(t, err, "go run . -quick:\n%s", log)
	t.Logf("go run . -quick, from an empty module cache, took %v",
		time.Since(began).Round(time.Second))
	entries, _ := os.ReadDir(cache)
	assert.NotEmpty(t, entries, "the run did not use the empty module cache")
	if os.Geteuid() == 0 {
		assert.Contains(t, string(log), "in a network namespace of its own",
			"as root the run measures where nothing can be fetched")
	}

	root, err := findRoot()
	require.NoError(t, err)
	var drawn []string
	for _, e := range experiments {
		png := filepath.Join(out, e.name+".png")
		if e.name == "4-waitcost" && !anyWaitBenchmark(root) {
			assert.NoFileExists(t, png, "no benchmark to draw, yet a figure")
			continue
		}
		f, err := os.Open(png)
		require.NoError(t, err, "%s: no figure", e.name)
		cfg, format, err := image.DecodeConfig(f)
		f.Close()
		require.NoError(t, err, "%s: not an image", png)
		assert.Equal(t, "png", format)
		assert.Greater(t, cfg.Width, 1500, "%s: not 200 dpi", png)
		svg, err := os.ReadFile(filepath.Join(out, e.name+".svg"))
		require.NoError(t, err, "%s: no SVG to print", e.name)
		assert.Contains(t, string(svg), "@font-face", "%s.svg: fonts not embedded", e.name)

		c, err := os.Open(filepath.Join(out, e.name+".csv"))
		require.NoError(t, err, "%s: no CSV beside the figure", e.name)
		rows, err := csv.NewReader(c).ReadAll()
		c.Close()
		require.NoError(t, err, "%s.csv", e.name)
		assert.Greater(t, len(rows), 1, "%s.csv: a header and no data", e.name)
		drawn = append(drawn, e.name)
	}
	stamp, err := os.ReadFile(filepath.Join(out, "stamp.txt"))
	require.NoError(t, err)
	for _, field := range []string{"cpu:", "cores:", "GOMAXPROCS:",
		"kernel:", "go:", "fd limit:", "date:"} {
		assert.Contains(t, string(stamp), field)
	}
	for _, name := range drawn {
		assert.Contains(t, string(stamp), "\n"+name+": measured ",
			"stamp.txt should say when %s was measured", name)
	}
}

func anyWaitBenchmark(root string) bool {
	_, err := os.Stat(filepath.Join(root, waitBench.dir, "go.mod"))
	return err == nil
}

func TestParseBenchKeepsTheIdleAndAllActiveCasesOfEachPoller(t *testing.T) {
	out := `goos: linux
goarch: amd64
pkg: github.com/holdtheline/holdtheline/05-epoll/epoll
cpu: AMD EPYC
BenchmarkWait/select/idle=10-2         	  100000	     1523 ns/op
BenchmarkWait/poll/idle=1000-2         	    5000	   201234.5 ns/op
BenchmarkWait/epoll/idle=10000         	  200000	      812 ns/op	       0 B/op
BenchmarkWaitAllActive/epoll/active=5000-2  100  322523 ns/op  629.9 ns/line
BenchmarkWait/poller=poll/idle=10-2    	     100	      10 ns/op
BenchmarkOther-2                              	     100	      10 ns/op
PASS
`
	got, err := parseBench(strings.NewReader(out))
	require.NoError(t, err)
	assert.Equal(t, []benchPoint{
		{poller: "select", kind: "idle", k: 10, nsPerOp: 1523},
		{poller: "poll", kind: "idle", k: 1000, nsPerOp: 201234.5},
		{poller: "epoll", kind: "idle", k: 10000, nsPerOp: 812},
		{poller: "epoll", kind: "active", k: 5000, nsPerOp: 322523,
			nsPerLine: 629.9},
	}, got)

	_, err = parseBench(strings.NewReader(
		"BenchmarkWait/poll/idle=many-2  10  5 ns/op\n"))
	assert.Error(t, err, "idle= that is not a number is a broken benchmark")
	_, err = parseBench(strings.NewReader(
		"BenchmarkWaitAllActive/poll/active=10-2  10  5 ns/op\n"))
	assert.Error(t, err, "all active with no ns/line has nothing to draw")
}

func TestMostHeldCountsOnlyAnsweredCallsThatOverlap(t *testing.T) {
	t0 := time.Now()
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	answered := func(from, to int) caller.Call {
		return caller.Call{Name: "alice", Connected: at(from), PickedUp: at(from),
			Answered: at(to), Reply: "alice: 555-7479"}
	}
	// One after another, touching only within the slack: one at a time.
	oneByOne := []caller.Call{answered(0, 1000), answered(1005, 2000),
		answered(1995, 3000)}
	assert.Equal(t, 1, mostHeld(oneByOne, 50*time.Millisecond))
	// Three on hold together, and a call that was never answered.
	together := []caller.Call{answered(0, 1000), answered(10, 1000),
		answered(20, 1000), {Name: "bob", PickedUp: at(0)}}
	assert.Equal(t, 3, mostHeld(together, 50*time.Millisecond))
}

func TestOnlyPicksExperimentsAndModelsByName(t *testing.T) {
	exps, ms, err := choose("hold,gonet")
	require.NoError(t, err)
	require.Len(t, exps, 1)
	assert.Equal(t, "2-hold", exps[0].name)
	require.Len(t, ms, 1)
	assert.Equal(t, "gonet", ms[0].name)

	exps, ms, err = choose("")
	require.NoError(t, err)
	assert.Len(t, exps, len(experiments))
	assert.Len(t, ms, len(models))

	_, _, err = choose("nonesuch")
	assert.Error(t, err)
}

func TestLogTicksLabelOneTwoAndFiveInEachDecade(t *testing.T) {
	var labels []string
	for _, tk := range (logTicks{}).Ticks(0.3, 30) {
		if tk.Label != "" {
			labels = append(labels, tk.Label)
		}
	}
	assert.Equal(t, []string{"0.5", "1", "2", "5", "10", "20"}, labels)
}
