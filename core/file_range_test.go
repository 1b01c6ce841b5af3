package core

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/tensogram-go/tensogram-go/core/internal/par"
)

// rangeFile writes a small message, then a 2M-value one (mapped, not read)
// per pipeline, and returns the open file.
func rangeFile(t *testing.T, descs []*Descriptor, data []byte) *File {
	t.Helper()
	path := filepath.Join(t.TempDir(), "r.tgm")
	f, err := CreateFile(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	small := NewDescriptor(Float64, []uint64{16})
	if err := f.Append(nil, []EncodeInput{{Descriptor: small, Data: data[:128], DataOrder: NativeOrder}}, nil); err != nil {
		t.Fatal(err)
	}
	for _, d := range descs {
		if err := f.Append(nil, []EncodeInput{{Descriptor: d, Data: data, DataOrder: NativeOrder}}, nil); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

// File.DecodeRange (mapped for large messages) gives what DecodeRange on
// the message bytes gives, errors included.
func TestFileDecodeRangeMatchesBuffer(t *testing.T) {
	const n = 2_000_000
	data := smoothField(n)
	sp := NewDescriptor(Float64, []uint64{n})
	sp.Encoding, sp.Params = "simple_packing", map[string]any{"sp_bits_per_value": uint64(24)}
	descs := []*Descriptor{NewDescriptor(Float64, []uint64{n}), sp, spSzipDesc(n, 24)}
	f := rangeFile(t, descs, data)
	cases := [][]Range{{{0, 16}}, {{n / 3, 10}, {n - 5, 5}}, {{n / 2, n / 4}}, {{n - 1, 2}}}
	for i := 0; i <= len(descs); i++ {
		msg, err := f.ReadMessage(i)
		if err != nil {
			t.Fatal(err)
		}
		for _, rs := range cases {
			want, werr := DecodeRange(msg, 0, rs, nil)
			d, got, gerr := f.DecodeRangeDescribed(i, 0, rs, nil)
			if (werr == nil) != (gerr == nil) || werr != nil && werr.Error() != gerr.Error() {
				t.Fatalf("msg %d %v: error %v, want %v", i, rs, gerr, werr)
			}
			if werr != nil {
				continue
			}
			if d == nil || len(got) != len(want) {
				t.Fatalf("msg %d %v: %d parts, want %d", i, rs, len(got), len(want))
			}
			for k := range want {
				if !bytes.Equal(got[k], want[k]) {
					t.Fatalf("msg %d %v: part %d differs", i, rs, k)
				}
			}
		}
	}
	if _, err := f.DecodeRange(len(descs)+1, 0, cases[0], nil); !errors.Is(err, ErrFraming) {
		t.Fatalf("message out of range: %v", err)
	}
}

// A file truncated by someone else under the mapping is an I/O error.
func TestFileDecodeRangeTruncated(t *testing.T) {
	const n = 2_000_000
	f := rangeFile(t, []*Descriptor{NewDescriptor(Float64, []uint64{n})}, smoothField(n))
	if _, err := f.Count(); err != nil {
		t.Fatal(err)
	}
	sp, _, err := f.span(1)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(f.Path(), int64(sp.Offset+sp.Length/2)); err != nil {
		t.Fatal(err)
	}
	_, err = f.DecodeRange(1, 0, []Range{{n - 10, 10}}, nil)
	var e *Error
	if !errors.As(err, &e) || e.Kind != KindIO {
		t.Fatalf("truncated file: %v, want an I/O error", err)
	}
}

// faultError is a runtime error with an address, as a fault on memory
// raises under panic-on-fault.
type faultError struct{}

func (faultError) Error() string { return "unexpected fault address" }
func (faultError) RuntimeError() {}
func (faultError) Addr() uintptr { return 0x1000 }

// decodeMapped turns a fault into an I/O error whether the caller's
// goroutine met it or a codec's worker did (then it arrives as a
// *par.Panic); any other panic is not taken for one.
func TestMappedFault(t *testing.T) {
	for _, c := range []struct {
		r     any
		fault bool
	}{
		{faultError{}, true},
		{&par.Panic{Value: faultError{}}, true},
		{"boom", false},
		{&par.Panic{Value: "boom"}, false},
		{errors.New("plain error"), false},
	} {
		if _, fault := mappedFault(c.r); fault != c.fault {
			t.Errorf("mappedFault(%v) = %v, want %v", c.r, fault, c.fault)
		}
	}
}
