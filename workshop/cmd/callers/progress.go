package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"golang.org/x/sys/unix"

	"github.com/holdtheline/holdtheline/workshop/caller"
)

const (
	// quietFor: a run shorter than this shows no progress, only the
	// table; a line that flashes past helps nobody.
	quietFor = time.Second
	// logEvery: where standard error is not a terminal, a file or a
	// CI log, "\r" cannot rewrite a line, so a new line is printed at
	// most this often.
	logEvery = 5 * time.Second
)

// A progressLine shows the fleet's count while it runs.
type progressLine struct {
	w        io.Writer
	terminal bool
	last     caller.Progress // the latest count
	shown    bool            // whether the latest count was shown
	printed  time.Duration   // when a line was last printed; 0: never
	width    int             // the longest line drawn on the terminal
}

func newProgressLine(w io.Writer) *progressLine {
	return &progressLine{w: w, terminal: isTerminal(w)}
}

// isTerminal says whether w is a terminal: only a terminal answers the
// TCGETS ioctl, which reads its settings.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	_, err := unix.IoctlGetTermios(int(f.Fd()), unix.TCGETS)
	return err == nil
}

// show is the fleet's Progress hook.
func (l *progressLine) show(p caller.Progress) {
	l.last, l.shown = p, false
	switch {
	case p.Elapsed < quietFor:
	case l.terminal:
		// Rewrite the line in place, blanking what a longer one left.
		text := format(p)
		l.width = max(l.width, len(text))
		fmt.Fprintf(l.w, "\r%-*s", l.width, text)
		l.printed, l.shown = p.Elapsed, true
	case l.printed == 0 || p.Elapsed-l.printed >= logEvery:
		fmt.Fprintln(l.w, format(p))
		l.printed, l.shown = p.Elapsed, true
	}
}

// end finishes the progress, if any was shown, with the final count
// on a line of its own, so the table starts on a fresh line.
func (l *progressLine) end() {
	switch {
	case l.printed == 0:
	case l.terminal:
		fmt.Fprintf(l.w, "\r%-*s\n", l.width, format(l.last))
	case !l.shown:
		fmt.Fprintln(l.w, format(l.last))
	}
}

// format keeps the line short enough for an 80-column terminal: a
// refusal counts as failed here, and the table tells them apart.
func format(p caller.Progress) string {
	return fmt.Sprintf("%s: ringing %d, on hold %d, answered %d, "+
		"busy %d, failed %d", p.Elapsed.Round(100*time.Millisecond),
		p.Ringing, p.OnHold, p.Answered, p.Busy, p.Refused+p.Failed)
}
