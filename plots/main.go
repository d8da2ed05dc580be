// Command plots measures every model under the same load, each server
// its own process, and draws what it measured with gonum/plot: a PNG
// per figure, its CSV beside it, and the machine's stamp.
//
//	go run ./plots              # every experiment, 3 rounds, ~13 minutes
//	go run ./plots -quick       # the same at small sizes, < 1 minute
//	go run ./plots -only hold,gonet -out /tmp/figs
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// An experiment is one figure: what it loads the models with, and how
// it draws what it measured.
type experiment struct {
	name string // for -only, and the figure's file names
	what string
	run  func(r *run) error
	once bool // measured once, not in rounds: it shows, it quotes nothing
}

var experiments = []experiment{
	{"1-answer", "time to answer N callers", answerN, false},
	{"2-hold", "memory and OS threads per held call", holdN, false},
	{"3-timeline", "12 callers' calls, one bar each", timeline, true},
	{"4-waitcost", "the cost of a wait, from 04's and 05's benchmarks", waitCost, false},
	{"5-slow", "normal callers answered on time among slow callers", slowCallers, false},
	{"6-capacity", "the most calls held at once, every one answered", capacity, false},
	{"7-shortcalls", "short calls per second, one core and two", shortCalls, false},
	{"8-cpubound", "08's strategies with CPU-bound lookups, one core and two", cpuBound, false},
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == fleetChildArg {
		os.Exit(fleetChild(os.Args[2:]))
	}
	quick := flag.Bool("quick", false,
		"every experiment at small sizes, in under a minute (a smoke test)")
	out := flag.String("out", "",
		"where the figures go (default: the figures folder of this module)")
	only := flag.String("only", "", "run only these experiments and/or "+
		"models, comma-separated (e.g. 2-hold or hold,gonet)")
	flag.Usage = func() {
		w := flag.CommandLine.Output()
		fmt.Fprintf(w, "plots: measure every model and draw the figures\n\n"+
			"Usage: go run ./plots [flags]\n")
		flag.PrintDefaults()
		fmt.Fprintf(w, "\nExperiments:\n")
		for _, e := range experiments {
			fmt.Fprintf(w, "  %-13s %s\n", e.name, e.what)
		}
		fmt.Fprintf(w, "\nModels:\n")
		for _, m := range models {
			fmt.Fprintf(w, "  %-13s ./%s %s\n", m.name, m.dir,
				strings.Join(m.args, " "))
		}
	}
	netns := flag.Bool("netns", true, "as root, measure in a network "+
		"namespace of its own, so ListenOverflows counts this run alone")
	flag.Parse()
	os.Exit(plotAll(*quick, *out, *only, *netns))
}

// binsEnv tells a harness re-run in a network namespace where its
// parent built the binaries: in there, go build could not fetch a
// module it lacks.
const binsEnv = "PLOTS_BINS"

// plotAll builds every binary, then measures, in a network namespace
// of its own when it can, and returns the exit status.
func plotAll(quick bool, out, only string, netns bool) int {
	root, err := findRoot()
	if err != nil {
		fmt.Fprintln(os.Stderr, "plots:", err)
		return 1
	}
	exps, ms, err := choose(only)
	if err != nil {
		fmt.Fprintln(os.Stderr, "plots:", err)
		return 1
	}
	p := newProgress(os.Stderr)
	var present []model
	for _, m := range ms {
		if _, err := os.Stat(filepath.Join(root, m.dir, "go.mod")); err != nil &&
			!strings.HasPrefix(m.dir, "plots/") {
			if os.Getenv(binsEnv) == "" {
				p.say("%s: not in this checkout (%s): skipped", m.name, m.dir)
			}
			continue
		}
		present = append(present, m)
	}
	binDir := os.Getenv(binsEnv)
	if binDir == "" {
		// Build everything first, with the network the go command may
		// need to fetch modules: a fresh machine has none in its cache.
		if binDir, err = os.MkdirTemp("", "plots-bin-"); err != nil {
			fmt.Fprintln(os.Stderr, "plots:", err)
			return 1
		}
		defer os.RemoveAll(binDir)
		if err := build(root, binDir, present, exps,
			func(s string) { p.say("%s", s) }); err != nil {
			fmt.Fprintln(os.Stderr, "plots:", err)
			return 1
		}
		if netns {
			if status, ok := ownNetns(binsEnv + "=" + binDir); ok {
				return status
			}
		}
	}
	if err := measure(quick, out, root, exps, present, binDir, p); err != nil {
		fmt.Fprintln(os.Stderr, "plots:", err)
		return 1
	}
	return 0
}

func measure(quick bool, out, root string, exps []experiment, present []model,
	binDir string, p *progress) error {
	began := time.Now()
	if out == "" {
		out = filepath.Join(root, "plots", "figures")
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	bins := map[string]string{}
	for _, m := range present {
		bins[m.dir] = binPath(binDir, m.dir)
	}
	bins[benchKey] = binPath(binDir, benchKey)
	r := &run{sizes: fullSizes, models: present, bins: bins, out: out,
		root: root, stamp: stampThisMachine(), p: p}
	if quick {
		r.sizes = quickSizes
	}
	p.say("stamp: %s", r.stamp.line())
	if os.Getenv(insideEnv) != "" {
		p.say("in a network namespace of its own: ListenOverflows counts this run alone")
	} else {
		p.say("in the machine's network namespace: ListenOverflows counts " +
			"every program's overflows, not only this run's")
	}
	var failed []string
	figures := map[string]string{}
	for _, e := range exps {
		p.say("== %s: %s", e.name, e.what)
		r.experiment = e.name
		r.models = slices.DeleteFunc(slices.Clone(present),
			func(m model) bool { return m.only != "" && m.only != e.name })
		r.busiest.share, r.busiest.where = 0, ""
		loadBefore, at := loadAverage(), time.Now().UTC()
		if err := e.run(r); err != nil {
			p.say("%s: %v", e.name, err)
			failed = append(failed, e.name)
			continue
		}
		if _, err := os.Stat(filepath.Join(out, e.name+".png")); err != nil {
			continue // nothing to draw yet
		}
		rounds := r.rounds
		if e.once {
			rounds = 1
		}
		note := fmt.Sprintf("measured %s, %v; %d rounds", at.Format(time.RFC3339),
			time.Since(at).Round(time.Second), rounds)
		// The machine is shared: what else ran beside it is part of
		// the measurement.
		note += fmt.Sprintf("; load average %s before, %s after",
			loadBefore, loadAverage())
		if r.busiest.share > 0 {
			// The fleet shares the machine with the server: it is not
			// the bottleneck while it stays well under one core.
			note += fmt.Sprintf("; the callers used at "+
				"most %.0f%% of one core (%s)", 100*r.busiest.share,
				r.busiest.where)
		}
		p.say("%s: %s", e.name, note)
		figures[e.name] = note
	}
	if err := writeStamp(filepath.Join(out, "stamp.txt"), r.stamp,
		figures); err != nil {
		return err
	}
	p.say("figures and their CSVs are in %s (%v)", out,
		time.Since(began).Round(time.Second))
	if len(failed) > 0 {
		return fmt.Errorf("failed: %s", strings.Join(failed, ", "))
	}
	return nil
}

// choose splits -only into experiments and models; a list with no
// experiment (or no model) in it means all of them.
func choose(only string) ([]experiment, []model, error) {
	var exps []experiment
	var ms []model
	for _, w := range strings.Split(only, ",") {
		w = strings.TrimSpace(w)
		if w == "" {
			continue
		}
		found := false
		for _, e := range experiments {
			// "2-hold" or just "hold"
			if e.name == w || strings.SplitN(e.name, "-", 2)[1] == w {
				exps, found = append(exps, e), true
			}
		}
		for _, m := range models {
			if m.name == w {
				ms, found = append(ms, m), true
			}
		}
		if !found {
			return nil, nil, fmt.Errorf("-only %q: no experiment or model "+
				"of that name (see -h)", w)
		}
	}
	if len(exps) == 0 {
		exps = experiments
	}
	if len(ms) == 0 {
		ms = models
	}
	return exps, ms, nil
}

// findRoot walks up from the working directory to the repository's
// root: the folder that holds workshop/ and plots/.
func findRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		_, e1 := os.Stat(filepath.Join(dir, "workshop", "go.mod"))
		_, e2 := os.Stat(filepath.Join(dir, "plots", "go.mod"))
		if e1 == nil && e2 == nil {
			return dir, nil
		}
		up := filepath.Dir(dir)
		if up == dir {
			return "", errors.New("run me inside the repository: " +
				"no folder above holds workshop/ and plots/")
		}
		dir = up
	}
}

// run is what every experiment needs: the sizes, the models and their
// binaries, where to write, and how to say how far it got.
type run struct {
	sizes
	models     []model
	bins       map[string]string
	out, root  string
	stamp      stamp
	p          *progress
	experiment string

	// busiest is the most CPU the harness (the fleet) used in a step,
	// as a share of one core, and where.
	busiest struct {
		share float64
		where string
	}
}

// harnessUsed notes the harness's CPU share over one step.
func (r *run) harnessUsed(share float64, model string, n int) {
	if share > r.busiest.share {
		r.busiest.share = share
		r.busiest.where = fmt.Sprintf("%s, N=%d", model, n)
	}
}

// having returns the models with the given property.
func (r *run) having(keep func(model) bool) []model {
	return slices.DeleteFunc(slices.Clone(r.models),
		func(m model) bool { return !keep(m) })
}

// writeStamp writes the machine's stamp to path, and a line for each
// figure: when it was measured, and the most CPU the harness used. The
// lines of figures this run did not draw are kept from the last file,
// so a run with -only leaves the others' lines as they were.
func writeStamp(path string, s stamp, figures map[string]string) error {
	if old, err := os.ReadFile(path); err == nil {
		for _, line := range strings.Split(string(old), "\n") {
			name, note, ok := strings.Cut(line, ": ")
			if !ok || figures[name] != "" {
				continue
			}
			for _, e := range experiments {
				if e.name == name {
					figures[name] = note
				}
			}
		}
	}
	var b strings.Builder
	b.WriteString(s.text())
	for _, e := range experiments {
		if note := figures[e.name]; note != "" {
			fmt.Fprintf(&b, "%s: %s\n", e.name, note)
		}
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}
