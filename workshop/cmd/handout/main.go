// Command handout prints each chapter's README as a workshop handout:
// an HTML page and a PDF, an attendee's copy without the Solutions and
// an instructor's copy with them, on A4 and on US Letter, and a pack of
// every chapter behind a table of contents. Chromium prints the PDFs.
//
//	go run ./workshop/cmd/handout [-out DIR] [-chapter 03] [-paper a4|letter] [-solutions=true|false]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("handout", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "write the handouts to `DIR` (default handouts/ at the repository root)")
	only := fs.String("chapter", "", "print only this chapter (`NN` or NN-name); no pack")
	paperName := fs.String("paper", "", "print on `a4` or letter only (default both)")
	solutions := fs.Bool("solutions", false, "print only the instructor's copy (true) "+
		"or only the attendee's (false); default both")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "handout: print each chapter's README as a workshop "+
			"handout (HTML and PDF, attendee and instructor copies, A4 and Letter)\n\n"+
			"usage: go run ./workshop/cmd/handout [flags]\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "handout: unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return 2
	}

	cwd, err := os.Getwd()
	if err != nil {
		fmt.Fprintln(stderr, "handout:", err)
		return 1
	}
	root, err := findRoot(cwd)
	if err != nil {
		fmt.Fprintln(stderr, "handout:", err)
		return 1
	}
	o := options{Root: root, Out: *out, Chapter: *only, Log: stderr,
		Copies: []copyKind{attendee, instructor}}
	if o.Out == "" {
		o.Out = filepath.Join(root, "handouts")
	}
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "solutions" {
			o.Copies = []copyKind{attendee}
			if *solutions {
				o.Copies = []copyKind{instructor}
			}
		}
	})
	switch p, ok := papers[strings.ToLower(*paperName)]; {
	case *paperName == "":
		o.Papers = []paper{papers["a4"], papers["letter"]}
	case ok:
		o.Papers = []paper{p}
	default:
		fmt.Fprintf(stderr, "handout: -paper %s: want a4 or letter\n", *paperName)
		return 2
	}

	start := time.Now()
	made, err := build(context.Background(), o)
	if errors.Is(err, errNoChromium) {
		fmt.Fprintf(stderr, "handout: wrote the HTML to %s, but found no "+
			"Chromium to print the PDFs: install it (apt-get install chromium) "+
			"and run again\n", rel(cwd, o.Out))
		return 1
	}
	if err != nil {
		fmt.Fprintln(stderr, "handout:", err)
		return 1
	}
	for _, h := range made {
		fmt.Fprintf(stdout, "%-14s %-10s %-6s %3d pages  %s\n", h.Chapter,
			h.Copy.Name, h.Paper.Name, h.Pages, rel(cwd, h.PDF))
	}
	fmt.Fprintf(stdout, "handout: %d PDFs and their HTML in %s, in %.1f s\n",
		len(made), rel(cwd, o.Out), time.Since(start).Seconds())
	return 0
}

// rel shows a path from where the command was run, when that is shorter.
func rel(cwd, p string) string {
	if r, err := filepath.Rel(cwd, p); err == nil && !strings.HasPrefix(r, "../..") {
		return r
	}
	return p
}
