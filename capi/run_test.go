package main

import (
	"errors"
	"testing"
)

// run reports success, an error's status and a panic's statusInternal (the
// success path no longer goes through guard: both must agree).
func TestRunStatuses(t *testing.T) {
	cases := []struct {
		fn   func() error
		want int32
	}{
		{func() error { return nil }, statusOK},
		{func() error { return errorf(statusType, "bad") }, statusType},
		{func() error { return errors.New("plain") }, statusValue},
		{func() error { panic("boom") }, statusInternal},
	}
	for i, c := range cases {
		if got := int32(run(nil, c.fn)); got != c.want || got != guard(c.fn).status {
			t.Fatalf("case %d: run gave %d, want %d (guard %d)", i, got, c.want, guard(c.fn).status)
		}
	}
}

// BenchmarkRunSuccess is the fixed cost every export pays around its work
// when it succeeds (without the cgo crossing itself).
func BenchmarkRunSuccess(b *testing.B) {
	fn := func() error { return nil }
	for b.Loop() {
		if run(nil, fn) != 0 {
			b.Fatal("not OK")
		}
	}
}
