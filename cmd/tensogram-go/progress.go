package main

// A one-line progress bar on stderr for the long-running subcommands
// (copy, set, merge, split, reshuffle, validate), drawn only when stderr is
// a terminal and --no-progress is not given, so pipes, files and the golden
// tests see exactly the bytes upstream prints.

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// noProgressOpt is the global --no-progress flag.
var noProgressOpt = option{id: "no-progress", long: "no-progress",
	help: "Never draw the progress bar (drawn on stderr only when it is a terminal, for copy, set, merge, split, reshuffle and validate)"}

// Drawing policy: nothing for operations shorter than progressDelay, then
// at most one redraw per progressEvery.
const (
	progressDelay = 500 * time.Millisecond
	progressEvery = 100 * time.Millisecond
	barWidth      = 30
	labelWidth    = 32
)

// isTerminal reports whether w is an interactive terminal: a character
// device other than the null device. Tests replace it.
var isTerminal = func(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		if q, isPipe := w.(quietPipe); isPipe {
			f, ok = q.w.(*os.File)
		}
	}
	if !ok {
		return false
	}
	st, err := f.Stat()
	if err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return false
	}
	null, err := os.Stat(os.DevNull)
	return err != nil || !os.SameFile(st, null)
}

// clock is the time source of progress bars. Tests replace it.
var clock = time.Now

// progressWanted decides once per invocation whether bars are drawn: the
// subcommand has one, --no-progress is absent and stderr is a terminal.
func progressWanted(c *ctx) bool {
	return c.cmd.progress && !c.flag("no-progress") && isTerminal(c.stderr)
}

// progress is one bar; a nil *progress draws nothing, so callers need no
// checks.
type progress struct {
	w            io.Writer
	label        string
	done, total  int
	now          func() time.Time
	start, drawn time.Time
	shown        bool
}

// progressFor returns a bar labelled with the input's name, or nil when
// bars are off.
func (c *ctx) progressFor(label string, total int) *progress {
	if !c.showProgress {
		return nil
	}
	p := &progress{w: c.stderr, label: label, total: total, now: clock}
	p.start = p.now()
	return p
}

// update records done of total items and redraws when the policy allows.
func (p *progress) update(done, total int) {
	if p == nil {
		return
	}
	p.done, p.total = done, total
	t := p.now()
	if t.Sub(p.start) < progressDelay || (p.shown && t.Sub(p.drawn) < progressEvery) {
		return
	}
	p.drawn, p.shown = t, true
	fmt.Fprint(p.w, "\r"+renderBar(p.label, done, total, t.Sub(p.start))+"\x1b[K")
}

// finish erases the bar if it was drawn, leaving the cursor at the start
// of an empty line for whatever is printed next.
func (p *progress) finish() {
	if p == nil || !p.shown {
		return
	}
	p.shown = false
	fmt.Fprint(p.w, "\r\x1b[K")
}

// renderBar is the bar's text: label (shortened from the left), a bar of
// barWidth cells, counts, percentage and elapsed seconds, e.g.
// "in.tgm [=======>      ] 25/100 messages  25% 1.2s".
func renderBar(label string, done, total int, elapsed time.Duration) string {
	if r := []rune(label); len(r) > labelWidth {
		label = "..." + string(r[len(r)-labelWidth+3:])
	}
	done = max(min(done, total), 0)
	filled, pct := barWidth, 100
	if total > 0 {
		filled, pct = done*barWidth/total, done*100/total
	}
	bar := strings.Repeat("=", filled)
	if filled < barWidth {
		bar += ">" + strings.Repeat(" ", barWidth-filled-1)
	}
	return fmt.Sprintf("%s [%s] %d/%d messages %3d%% %.1fs", label, bar, done, total, pct, elapsed.Seconds())
}
