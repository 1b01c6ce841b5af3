package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/tensogram-go/tensogram-go/core"
)

// cliError is a runtime error as the CLI prints it: "error: <msg>" then one
// "  caused by: <cause>" line per cause.
type cliError struct {
	msg    string
	causes []string
}

func (e *cliError) Error() string { return e.msg }

// errf builds a single-line CLI error.
func errf(format string, args ...any) error {
	return &cliError{msg: fmt.Sprintf(format, args...)}
}

// silentError ends a command with exit status 1 without an error line
// (validate and doctor have already reported).
var silentError = errors.New("failed")

// kindCategory names core's error kinds the way the CLI prints them.
var kindCategory = map[core.ErrorKind]string{
	core.KindFraming:          "framing",
	core.KindMetadata:         "metadata",
	core.KindEncoding:         "encoding",
	core.KindCompression:      "compression",
	core.KindObject:           "object",
	core.KindIO:               "io",
	core.KindUnsupported:      "remote",
	core.KindUnsupportedCodec: "compression",
	core.KindHashMismatch:     "hash",
	core.KindMissingHash:      "hash",
}

// describe turns any error into the lines the CLI prints: library errors
// as "<category> error: <detail>" (an io error repeats its detail as the
// cause), CLI errors as they are, others verbatim.
func describe(err error) *cliError {
	var ce *cliError
	if errors.As(err, &ce) {
		return ce
	}
	var le *core.Error
	if errors.As(err, &le) {
		cat := kindCategory[le.Kind]
		out := &cliError{msg: cat + " error: " + le.Msg}
		if le.Kind == core.KindIO {
			out.causes = []string{le.Msg}
		}
		return out
	}
	if k := core.KindOf(err); k != 0 {
		msg := err.Error()
		if i := strings.Index(msg, ": "); i >= 0 {
			msg = msg[i+2:]
		}
		return &cliError{msg: kindCategory[k] + " error: " + msg}
	}
	return &cliError{msg: err.Error()}
}

// reportError prints err to stderr in the CLI's shape.
func reportError(w io.Writer, err error) {
	e := describe(err)
	fmt.Fprintf(w, "error: %s\n", e.msg)
	for _, c := range e.causes {
		fmt.Fprintf(w, "  caused by: %s\n", c)
	}
}
