package main

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/tensogram-go/tensogram-go/core"
)

func TestGuardRecoversPanic(t *testing.T) {
	f := guard(func() error { panic("boom") })
	if f.status != statusInternal {
		t.Fatalf("status = %d, want %d", f.status, statusInternal)
	}
	if !strings.Contains(f.msg, "boom") || !strings.Contains(f.msg, "Go panic") {
		t.Fatalf("message %q does not describe the panic", f.msg)
	}
	if f.objectIndex != -1 {
		t.Fatalf("object index %d for a panic, want -1", f.objectIndex)
	}
}

func TestGuardRecoversRuntimePanic(t *testing.T) {
	f := guard(func() error {
		var s []byte
		_ = s[3] // index out of range at run time
		return nil
	})
	if f.status != statusInternal || !strings.Contains(f.msg, "index out of range") {
		t.Fatalf("got (%d, %q)", f.status, f.msg)
	}
}

func TestGuardMapsErrors(t *testing.T) {
	if f := guard(func() error { return nil }); f.status != statusOK || f.msg != "" || f.objectIndex != -1 {
		t.Fatalf("success gave %+v", f)
	}
	f := guard(func() error { return errorf(statusType, "bad %s", "type") })
	if f.status != statusType || f.msg != "bad type" {
		t.Fatalf("typed error gave (%d, %q)", f.status, f.msg)
	}
	if f := guard(func() error { return errors.New("plain") }); f.status != statusValue {
		t.Fatalf("plain error gave status %d, want ValueError", f.status)
	}
}

// The integrity details travel as fields, also when the error is wrapped.
func TestDescribeCarriesIntegrityFields(t *testing.T) {
	mismatch := &core.HashMismatchError{ObjectIndex: 3, Expected: "0123456789abcdef", Actual: "fedcba9876543210"}
	f := describe(fmt.Errorf("reading: %w", mismatch))
	want := failure{status: statusHashMismatch, msg: "reading: " + mismatch.Error(), objectIndex: 3,
		expected: mismatch.Expected, actual: mismatch.Actual}
	if f != want {
		t.Fatalf("hash mismatch gave %+v, want %+v", f, want)
	}
	missing := &core.MissingHashError{ObjectIndex: 7}
	f = describe(missing)
	want = failure{status: statusMissingHash, msg: missing.Error(), objectIndex: 7}
	if f != want {
		t.Fatalf("missing hash gave %+v, want %+v", f, want)
	}
}

// OSErrors carry the library text without core's kind prefix.
func TestDescribeOSErrorDropsKindPrefix(t *testing.T) {
	f := describe(&core.Error{Kind: core.KindIO, Msg: "no such file"})
	if f.status != statusOS || f.msg != "no such file" || f.objectIndex != -1 {
		t.Fatalf("I/O error gave %+v", f)
	}
}
