// Command tensogram-go is the command-line tool for Tensogram message files:
// upstream's `tensogram` CLI (0.24) in one Go binary. Subcommands info, ls,
// dump, get, set, copy, merge, split, reshuffle, validate and doctor; beyond
// upstream, URL inputs (--storage-option KEY=VALUE), a progress bar on
// terminals (--no-progress), validate --threads and `completion
// bash|zsh|fish`. See the README's CLI section and `tensogram-go help`.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/tensogram-go/tensogram-go/core"
)

// binName is the program name used in usage and help texts.
const binName = "tensogram-go"

// upstreamVersion is the upstream CLI release whose behaviour this follows.
const upstreamVersion = "0.24.0"

func main() {
	signal.Ignore(syscall.SIGPIPE)
	os.Exit(run(os.Args[1:], os.Stdin, quietPipe{os.Stdout}, os.Stderr))
}

// quietPipe ends the program with status 0 when the reader of stdout has
// gone away (e.g. `| head`), instead of failing.
type quietPipe struct{ w io.Writer }

func (q quietPipe) Write(b []byte) (int, error) {
	n, err := q.w.Write(b)
	if errors.Is(err, syscall.EPIPE) {
		os.Exit(0)
	}
	return n, err
}

// run executes one invocation and returns the exit status: 0 success, 1
// runtime error (or failed validate/doctor), 2 usage error.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		// no arguments at all: the help text, as a usage error
		fmt.Fprint(stderr, helpText(nil))
		return 2
	}
	p, err := parse(args)
	if err != nil {
		return usageFailed(stderr, err)
	}
	switch p.action {
	case "help":
		fmt.Fprint(stdout, helpText(p.cmd))
		return 0
	case "version":
		fmt.Fprintf(stdout, "%s %s (wire format %d, upstream tensogram %s)\n", binName, core.Version, core.WireVersion, upstreamVersion)
		return 0
	}
	c := &ctx{cmd: p.cmd, values: p.values, stdout: stdout, stderr: stderr, lookupEnv: os.LookupEnv}
	if err := resolveGlobals(c); err != nil {
		return usageFailed(stderr, err)
	}
	c.showProgress = progressWanted(c)
	err = p.cmd.run(c)
	switch {
	case err == nil:
		return 0
	case errors.Is(err, silentError):
		return 1
	case errors.Is(err, syscall.EPIPE):
		return 0
	}
	var ue *usageError
	if errors.As(err, &ue) {
		return usageFailed(stderr, err)
	}
	reportError(stderr, err)
	return 1
}

func usageFailed(stderr io.Writer, err error) int {
	var ue *usageError
	if errors.As(err, &ue) {
		ue.print(stderr)
		return 2
	}
	reportError(stderr, err)
	return 1
}
