package main

import (
	"errors"

	"github.com/tensogram-go/tensogram-go/core"
)

// classifyCore maps an error returned by package core to a status code:
// integrity failures to the tensogram exception classes, I/O and remote
// errors to OSError, everything else (framing, metadata, encoding,
// compression, object index) to ValueError, the class upstream raises.
func classifyCore(err error) int32 {
	var mismatch *core.HashMismatchError
	var missing *core.MissingHashError
	switch {
	case errors.As(err, &mismatch):
		return statusHashMismatch
	case errors.As(err, &missing):
		return statusMissingHash
	}
	switch core.KindOf(err) {
	case core.KindHashMismatch:
		return statusHashMismatch
	case core.KindMissingHash:
		return statusMissingHash
	case core.KindIO, core.KindUnsupported:
		return statusOS
	}
	return statusValue
}
