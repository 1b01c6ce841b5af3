package main

import (
	"errors"

	"github.com/tensogram-go/tensogram-go/core"
	"github.com/tensogram-go/tensogram-go/core/pyapi"
)

// classifyCore maps an error returned by package core or pyapi to a status
// code: pyapi rule violations to the class they name, integrity failures to
// the tensogram exception classes, I/O and remote errors to OSError,
// everything else (framing, metadata, encoding, compression, object index)
// to ValueError, the class upstream raises.
func classifyCore(err error) int32 {
	var mismatch *core.HashMismatchError
	var missing *core.MissingHashError
	var rule *pyapi.Error
	switch {
	case errors.As(err, &rule):
		return pyClassStatus[rule.Class]
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

// pyClassStatus maps the exception classes of package pyapi to status codes.
var pyClassStatus = map[pyapi.Class]int32{
	pyapi.ValueError:    statusValue,
	pyapi.TypeError:     statusType,
	pyapi.OverflowError: statusOverflow,
}
