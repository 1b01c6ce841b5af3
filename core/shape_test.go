package core

import (
	"reflect"
	"testing"
)

func TestCheckedCOrderStrides(t *testing.T) {
	if st, ok := CheckedCOrderStrides([]uint64{2, 3, 4}); !ok || !reflect.DeepEqual(st, []uint64{12, 4, 1}) {
		t.Fatal(st, ok)
	}
	// The first dimension never enters a stride.
	if st, ok := CheckedCOrderStrides([]uint64{1 << 63, 2}); !ok || !reflect.DeepEqual(st, []uint64{2, 1}) {
		t.Fatal(st, ok)
	}
	if _, ok := CheckedCOrderStrides([]uint64{2, 1 << 32, 1 << 32}); ok {
		t.Fatal("overflow accepted")
	}
	if st, ok := CheckedCOrderStrides([]uint64{3, 0, 5}); !ok || !reflect.DeepEqual(st, []uint64{0, 5, 1}) {
		t.Fatal(st, ok)
	}
	if st, ok := CheckedCOrderStrides(nil); !ok || len(st) != 0 {
		t.Fatal(st, ok)
	}
	if st, _ := CheckedCOrderStrides([]uint64{4, 5}); !reflect.DeepEqual(st, COrderStrides([]uint64{4, 5})) {
		t.Fatal("differs from COrderStrides")
	}
}

func TestFormatShape(t *testing.T) {
	for _, c := range []struct {
		shape []uint64
		want  string
	}{{nil, "[]"}, {[]uint64{7}, "[7]"}, {[]uint64{2, 3, 18446744073709551615}, "[2, 3, 18446744073709551615]"}} {
		if got := FormatShape(c.shape); got != c.want {
			t.Errorf("%v: %q", c.shape, got)
		}
	}
}
