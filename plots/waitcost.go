package main

import (
	"bufio"
	"fmt"
	"image/color"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// waitBench is where figure 4's data comes from: chapter 05's Go
// benchmarks, which time select, poll (chapter 04's pollers) and epoll
// in one run, so the three are measured on the same machine at the
// same moment. Their cases are named
//
//	BenchmarkWait/select/idle=1000-2               500   2345 ns/op
//	BenchmarkWaitAllActive/epoll/active=1000-2     100  85262 ns/op  166.5 ns/line
//
// the poller after the benchmark's name, then idle= (K idle lines and
// one active) or active= (K lines, every one ready).
var waitBench = struct{ dir, pkg, pattern string }{
	"05-epoll", "./epoll", "^BenchmarkWait",
}

// The poller each benchmark case names, and the model drawn in its
// colour and marker.
var pollerModel = map[string]string{
	"select": "04-select", "poll": "04-poll", "epoll": "05-epoll",
}

// waitCost is figure 4. It runs no server: it runs chapter 05's own
// benchmarks (go test -bench) and draws what they report. Without
// chapter 05 in this checkout there is no figure.
func waitCost(r *run) error {
	dir := filepath.Join(r.root, waitBench.dir)
	if _, err := os.Stat(filepath.Join(dir, "go.mod")); err != nil {
		r.p.say("%s: %s is not in this checkout: no figure",
			r.experiment, waitBench.dir)
		return nil
	}
	r.p.step(r.experiment, waitBench.dir, 0)
	bin := r.bins[waitBench.dir+"/"+waitBench.pkg]
	if bin == "" {
		return fmt.Errorf("%s: its benchmarks were not built", waitBench.dir)
	}
	cmd := exec.Command(bin, "-test.run", "^$",
		"-test.bench", waitBench.pattern, "-test.benchtime", r.benchtime,
		"-test.count", itoa(r.rounds))
	cmd.Dir = filepath.Join(dir, waitBench.pkg)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("the benchmarks of %s: %v\n%s",
			waitBench.dir, err, out)
	}
	points, err := parseBench(strings.NewReader(string(out)))
	if err != nil {
		return fmt.Errorf("%s: %v", waitBench.dir, err)
	}
	r.p.done("%d benchmark cases", len(points))
	if len(points) == 0 {
		// The benchmarks skip until chapter 05's exercises are done.
		return fmt.Errorf("%s: no wait benchmark reported:\n%s",
			waitBench.dir, out)
	}

	idle := panel("one line ready among K idle",
		"idle lines K (one more is ready)", "one wait and dispatch (µs)")
	active := panel("every line ready",
		"lines K, every one ready", "per line handed over (ns)")
	logX(idle)
	logY(idle)
	// Per line, the costs are of one size: a linear axis from zero
	// shows they are, where a log one would magnify the noise.
	logX(active)
	var rows [][]string
	var shown []model
	for _, kind := range []string{"idle", "active"} {
		curves := map[string]rounds{}
		var order []string
		for _, pt := range points {
			if pt.kind != kind {
				continue
			}
			cell := "" // the idle benchmark does not report it
			if pt.nsPerLine > 0 {
				cell = ftoa(pt.nsPerLine)
			}
			rows = append(rows, []string{pt.poller, pt.kind, itoa(pt.k),
				ftoa(pt.nsPerOp), cell})
			if _, ok := curves[pt.poller]; !ok {
				order = append(order, pt.poller)
				curves[pt.poller] = rounds{}
			}
			y := pt.nsPerOp / 1000
			if kind == "active" {
				y = pt.nsPerLine
			}
			curves[pt.poller].add(float64(pt.k), y)
		}
		for _, name := range order {
			m := pollerStyle(name)
			if kind == "idle" {
				curve(idle, m, curves[name])
				shown = append(shown, m)
			} else {
				curve(active, m, curves[name])
			}
		}
	}
	// The walls and settings a reader needs beside the lines: select's
	// at fd 1024, and epoll's maxevents (readyAtOnce in 05's epoll.go),
	// past which one wait takes at most 512 of the ready lines.
	idle.Add(vline(1024, "select's wall, fd 1024"))
	active.Add(vline(512, "epoll maxevents 512"))
	active.Y.Min = 0
	if err := r.writeCSV([]string{"poller", "case", "k", "ns_per_op",
		"ns_per_line"}, rows); err != nil {
		return err
	}
	return r.save(figure{
		title: "The cost of a wait: select, poll and epoll",
		sub: fmt.Sprintf("chapter 05's BenchmarkWait and BenchmarkWaitAllActive, "+
			"-count %d: the median, whiskers from the least to the most;\nepoll "+
			"level-triggered; select stops at 1,000 idle lines, short of its wall",
			r.rounds),
		panels: []*plot.Plot{idle, active}, cols: 2,
		legend: modelLegend(shown), h: 4.5 * vg.Inch})
}

// vline is a dotted vertical line at x, labelled at its foot.
type vlineAt struct {
	x     float64
	label string
}

func vline(x float64, label string) plot.Plotter { return vlineAt{x, label} }

func (v vlineAt) Plot(c draw.Canvas, p *plot.Plot) {
	tx, _ := p.Transforms(&c)
	x := tx(v.x)
	c.StrokeLine2(draw.LineStyle{Color: color.Gray{0x55}, Width: vg.Points(1),
		Dashes: []vg.Length{vg.Points(1), vg.Points(2)}}, x, c.Min.Y, x, c.Max.Y)
	st := text.Style{Color: color.Gray{0x33}, Font: font.From(plot.DefaultFont, smallPt),
		Rotation: math.Pi / 2, XAlign: draw.XLeft, YAlign: draw.YTop,
		Handler: plot.DefaultTextHandler}
	c.FillText(st, vg.Point{X: x + 2, Y: c.Min.Y + 4}, v.label)
}

// pollerStyle is the model a poller is drawn as, named for the poller.
func pollerStyle(poller string) model {
	m := model{name: poller, color: plotter.DefaultLineStyle.Color,
		shape: models[0].shape}
	for _, mm := range models {
		if mm.name == pollerModel[poller] {
			m = mm
			m.name = poller
		}
	}
	return m
}

// A benchPoint is one benchmark case's result.
type benchPoint struct {
	poller string
	kind   string // "idle": K idle lines and one ready; "active": K ready
	k      int
	// nsPerOp is one wait and dispatch; nsPerLine, reported by the
	// all-active benchmark only, is the time per line handed over.
	nsPerOp, nsPerLine float64
}

var (
	benchLine = regexp.MustCompile(
		`^(Benchmark\S+?)(?:-\d+)?\s+\d+\s+([\d.]+) ns/op`)
	perLine = regexp.MustCompile(`\s([\d.]+) ns/line`)
)

// parseBench reads `go test -bench` output and keeps the cases named
// Benchmark.../<poller>/idle=<K> or .../<poller>/active=<K>.
func parseBench(out io.Reader) ([]benchPoint, error) {
	var points []benchPoint
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		m := benchLine.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		parts := strings.Split(m[1], "/")
		if len(parts) != 3 || strings.Contains(parts[1], "=") {
			continue // not <name>/<poller>/<kind>=<K>
		}
		kind, v, ok := strings.Cut(parts[2], "=")
		if !ok || (kind != "idle" && kind != "active") {
			continue
		}
		k, err := strconv.Atoi(v)
		if err != nil {
			return nil, fmt.Errorf("%q: %s=%q is not a number", m[1], kind, v)
		}
		pt := benchPoint{poller: parts[1], kind: kind, k: k}
		if pt.nsPerOp, err = strconv.ParseFloat(m[2], 64); err != nil {
			return nil, err
		}
		if l := perLine.FindStringSubmatch(sc.Text()); l != nil {
			if pt.nsPerLine, err = strconv.ParseFloat(l[1], 64); err != nil {
				return nil, err
			}
		}
		if kind == "active" && pt.nsPerLine == 0 {
			return nil, fmt.Errorf("%q: no ns/line reported", m[1])
		}
		points = append(points, pt)
	}
	return points, sc.Err()
}
