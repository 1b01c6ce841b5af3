package main

import (
	"errors"
	"testing"

	"github.com/tensogram-go/tensogram-go/core"
	"github.com/tensogram-go/tensogram-go/core/pyapi"
)

func TestClassifyCore(t *testing.T) {
	if classify(&core.HashMismatchError{}) != statusHashMismatch || classify(&core.MissingHashError{}) != statusMissingHash {
		t.Fatal("integrity errors")
	}
	if classify(&core.Error{Kind: core.KindIO, Msg: "x"}) != statusOS || classify(&core.Error{Kind: core.KindFraming}) != statusValue {
		t.Fatal("kinds")
	}
	if message(statusOS, &core.Error{Kind: core.KindIO, Msg: "file not found: /x"}) != "file not found: /x" {
		t.Fatal("OSError text keeps core's kind prefix")
	}
	if !errors.Is(&core.Error{Kind: core.KindIO}, core.ErrIO) {
		t.Fatal("sentinel")
	}
}

func TestClassifyPythonAPIErrors(t *testing.T) {
	for _, tc := range []struct {
		class pyapi.Class
		want  int32
	}{{pyapi.ValueError, statusValue}, {pyapi.TypeError, statusType}, {pyapi.OverflowError, statusOverflow}} {
		if got := classify(&pyapi.Error{Class: tc.class, Msg: "m"}); got != tc.want {
			t.Errorf("class %d: status %d, want %d", tc.class, got, tc.want)
		}
	}
}

func TestKindsAndShapes(t *testing.T) {
	for _, d := range core.AllDTypes {
		desc := core.NewDescriptor(d, []uint64{8})
		k := kindOf(desc)
		if d != core.Bitmask && kindSize(k) != d.Size() {
			t.Errorf("%v: kind size %d, dtype size %d", d, kindSize(k), d.Size())
		}
	}
	bm := core.NewDescriptor(core.Bitmask, []uint64{9})
	if s := arrayShape(bm, 2); len(s) != 1 || s[0] != 2 {
		t.Fatalf("bitmask shape %v", s)
	}
}
