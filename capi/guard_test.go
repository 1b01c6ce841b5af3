package main

import (
	"errors"
	"strings"
	"testing"
)

func TestGuardRecoversPanic(t *testing.T) {
	code, msg := guard(func() error { panic("boom") })
	if code != statusInternal {
		t.Fatalf("code = %d, want %d", code, statusInternal)
	}
	if !strings.Contains(msg, "boom") || !strings.Contains(msg, "Go panic") {
		t.Fatalf("message %q does not describe the panic", msg)
	}
}

func TestGuardRecoversRuntimePanic(t *testing.T) {
	code, msg := guard(func() error {
		var s []byte
		_ = s[3] // index out of range at run time
		return nil
	})
	if code != statusInternal || !strings.Contains(msg, "index out of range") {
		t.Fatalf("got (%d, %q)", code, msg)
	}
}

func TestGuardMapsErrors(t *testing.T) {
	if code, msg := guard(func() error { return nil }); code != statusOK || msg != "" {
		t.Fatalf("success gave (%d, %q)", code, msg)
	}
	code, msg := guard(func() error { return errorf(statusType, "bad %s", "type") })
	if code != statusType || msg != "bad type" {
		t.Fatalf("typed error gave (%d, %q)", code, msg)
	}
	code, _ = guard(func() error { return errors.New("plain") })
	if code != statusValue {
		t.Fatalf("plain error gave code %d, want ValueError", code)
	}
}
