package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestRenderBar(t *testing.T) {
	cases := []struct {
		label       string
		done, total int
		want        string
	}{
		{"in.tgm", 25, 100, "in.tgm [=======>                      ] 25/100 messages  25% 1.5s"},
		{"in.tgm", 0, 3, "in.tgm [>                             ] 0/3 messages   0% 1.5s"},
		{"in.tgm", 3, 3, "in.tgm [==============================] 3/3 messages 100% 1.5s"},
		{"in.tgm", 9, 3, "in.tgm [==============================] 3/3 messages 100% 1.5s"},
		{"x", 0, 0, "x [==============================] 0/0 messages 100% 1.5s"},
		{strings.Repeat("d/", 20) + "file.tgm", 1, 2, ".../d/d/d/d/d/d/d/d/d/d/file.tgm [===============>              ] 1/2 messages  50% 1.5s"},
	}
	for _, c := range cases {
		if got := renderBar(c.label, c.done, c.total, 1500*time.Millisecond); got != c.want {
			t.Errorf("renderBar(%q, %d, %d) =\n%q\nwant\n%q", c.label, c.done, c.total, got, c.want)
		}
	}
}

// isTerminal: buffers, pipes, regular files and the null device are not
// terminals; a pseudo-terminal is.
func TestIsTerminal(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer null.Close()
	reg, err := os.Create(filepath.Join(t.TempDir(), "f"))
	if err != nil {
		t.Fatal(err)
	}
	defer reg.Close()
	for _, w := range []io.Writer{&strings.Builder{}, w, quietPipe{w}, null, reg} {
		if isTerminal(w) {
			t.Errorf("%T %v counted as a terminal", w, w)
		}
	}
	if pty, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0); err == nil {
		defer pty.Close()
		if !isTerminal(pty) || !isTerminal(quietPipe{pty}) {
			t.Error("a pseudo-terminal is not counted as a terminal")
		}
	}
}

// fakeTerminal makes every writer a terminal and every clock reading one
// second later than the last, for the rest of the test.
func fakeTerminal(t *testing.T, tty bool) {
	oldTerm, oldClock := isTerminal, clock
	t.Cleanup(func() { isTerminal, clock = oldTerm, oldClock })
	now := time.Unix(0, 0)
	isTerminal = func(io.Writer) bool { return tty }
	clock = func() time.Time { now = now.Add(time.Second); return now }
}

// With a (fake) terminal on stderr the long subcommands draw the bar and
// erase it at the end, stdout unchanged; --no-progress, a non-terminal or
// a subcommand without a bar draw nothing.
func TestProgressDrawnOnlyOnTerminal(t *testing.T) {
	in := filepath.Join("testdata", "corpus", "golden_multi_message.tgm")
	out := filepath.Join(t.TempDir(), "o.tgm")
	fakeTerminal(t, false)
	_, plainOut, plainErr := runCLI("copy", in, out)
	_, plainVal, _ := runCLI("validate", in)
	fakeTerminal(t, true)
	code, so, se := runCLI("copy", in, out)
	if code != 0 || so != plainOut || !strings.Contains(se, "golden_multi_message.tgm [===============>              ] 1/2 messages  50% 1.0s\x1b[K\r") || !strings.HasSuffix(se, "\r\x1b[K") {
		t.Errorf("terminal copy: exit %d stdout %q stderr %q", code, so, se)
	}
	var both bytes.Buffer // stdout and stderr on one terminal
	code = run([]string{"reshuffle", "-o", out, in}, nil, &both, &both)
	if _, summary, _ := strings.Cut(both.String(), "\r\x1b[K"); code != 0 || !strings.HasPrefix(summary, "Reshuffled 2 message(s)") {
		t.Errorf("terminal reshuffle: the bar is not erased before the summary: %q", both.String())
	}
	code, so, se = runCLI("--threads", "2", "validate", in)
	if code != 0 || so != plainVal || !strings.Contains(se, "messages 100%") || !strings.HasSuffix(se, "\r\x1b[K") {
		t.Errorf("terminal validate: exit %d stdout %q stderr %q", code, so, se)
	}
	for _, args := range [][]string{{"copy", "--no-progress", in, out}, {"--no-progress", "validate", in}, {"ls", in}} {
		if _, _, se := runCLI(args...); se != plainErr {
			t.Errorf("%v: stderr %q", args, se)
		}
	}
	if plainErr != "" {
		t.Errorf("non-terminal copy wrote %q", plainErr)
	}
}

// A failure part-way erases the bar before the error line is printed.
func TestProgressErasedBeforeError(t *testing.T) {
	var all []byte
	for _, name := range []string{"golden_multi_message.tgm", "badmeta.tgm"} {
		b, err := os.ReadFile(filepath.Join("testdata", "corpus", name))
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, b...)
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "in.tgm")
	os.WriteFile(in, all, 0o644)
	fakeTerminal(t, true)
	code, _, se := runCLI("copy", in, filepath.Join(dir, "o.tgm"))
	bar, errLine, found := strings.Cut(se, "\r\x1b[Kerror: ")
	if code != 1 || !found || !strings.Contains(bar, "2/3 messages") || strings.Contains(errLine, "\r") {
		t.Fatalf("exit %d, stderr %q", code, se)
	}
}
