package core

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// checkFastDescriptor fails when the fast reader accepts b but the generic
// parser disagrees (result or item length).
func checkFastDescriptor(t testing.TB, b []byte) bool {
	t.Helper()
	fd, fn, ok := fastDescriptor(b)
	if !ok {
		return false
	}
	gd, gn, err := parseDescriptorGeneric(b)
	if err != nil {
		t.Fatalf("%x: fast path accepted what the generic parser refuses: %v", b, err)
	}
	gd.Raw = nil
	if fn != gn || !sameDescriptor(fd, gd) {
		t.Fatalf("%x: fast %+v (%d bytes), generic %+v (%d bytes)", b, fd, fn, gd, gn)
	}
	return true
}

// sameDescriptor compares two parsed descriptors field by field, with the
// params compared as canonical CBOR so that a NaN parameter (never equal to
// itself under reflect.DeepEqual) compares by its encoding.
func sameDescriptor(a, b *Descriptor) bool {
	pa, errA := MarshalCanonical(a.Params)
	pb, errB := MarshalCanonical(b.Params)
	if errA != nil || errB != nil || !bytes.Equal(pa, pb) {
		return false
	}
	ca, cb := *a, *b
	ca.Params, cb.Params = nil, nil
	return reflect.DeepEqual(&ca, &cb)
}

// descriptorCorpus returns the descriptor CBOR of every object of every
// message under testdata (upstream-written vectors and our own).
func descriptorCorpus(t testing.TB) [][]byte {
	var out [][]byte
	paths, _ := filepath.Glob(filepath.Join("testdata", "*", "*.tgm"))
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range Scan(b) {
			mv, err := ParseMessage(b[s.Offset : s.Offset+s.Length])
			if err != nil {
				continue
			}
			for _, ov := range mv.Objects {
				out = append(out, ov.Descriptor.Raw)
			}
		}
	}
	return out
}

// On every descriptor of the test vectors the fast reader agrees with the
// generic parser, and it takes the ordinary ones; shapes it must leave to
// the generic parser are refused.
func TestDescriptorFastPathMatchesGeneric(t *testing.T) {
	corpus := descriptorCorpus(t)
	if len(corpus) < 100 {
		t.Fatalf("only %d descriptors in testdata", len(corpus))
	}
	taken := 0
	for _, b := range corpus {
		if checkFastDescriptor(t, b) {
			taken++
		}
	}
	if taken < len(corpus)*3/4 {
		t.Errorf("fast path took only %d of %d descriptors", taken, len(corpus))
	}
	d := NewDescriptor(Float32, []uint64{2, 3})
	good, err := d.MarshalCBOR()
	if err != nil {
		t.Fatal(err)
	}
	if !checkFastDescriptor(t, good) {
		t.Fatalf("fast path refused %x", good)
	}
	reject := map[string][]byte{
		"missing dtype":   cat(0xa2, "type", "ntensor", "ndim", 0x00),
		"repeated key":    cat(0xa2, "ndim", 0x01, "ndim", 0x02),
		"repeated param":  cat(0xa2, "zstd_level", 0x01, "zstd_level", 0x02),
		"masks":           cat(0xa1, "masks", 0xa0),
		"negative ndim":   cat(0xa1, "ndim", 0x20),
		"tagged type":     cat(0xa1, "type", 0xc0, "ntensor"),
		"unknown dtype":   cat(0xa1, "dtype", "float128"),
		"unknown order":   cat(0xa1, "byte_order", "middle"),
		"indefinite map":  cat(0xbf, 0xff),
		"non-text key":    cat(0xa1, 0x01, 0x02),
		"bad param value": cat(0xa1, "zstd_level", 0xf8, 0x20),
	}
	for what, b := range reject {
		if _, _, ok := fastDescriptor(b); ok {
			t.Errorf("%s: fast path took %x", what, b)
		}
	}
}

// FuzzDescriptor: whatever the fast reader accepts, the generic parser
// accepts with the same descriptor and item length.
func FuzzDescriptor(f *testing.F) {
	for i, b := range descriptorCorpus(f) {
		if i%7 == 0 {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) { checkFastDescriptor(t, b) })
}

// The fast path skips the UTF-8 check of the fixed field names it knows
// (ASCII), never of anything else: a parameter key or a dtype value that is
// not valid UTF-8 sends the descriptor to the generic parser, which refuses
// it.
func TestDescriptorFastPathChecksUnknownText(t *testing.T) {
	fields := func(dtype []byte, extra ...any) []byte {
		head := 0xa9 + len(extra)/2
		return cat(append([]any{head, "type", "ntensor", "ndim", 0x01, "shape", 0x81, 0x02, "strides", 0x81, 0x01,
			"dtype", dtype, "byte_order", "little", "encoding", "none", "filter", "none", "compression", "none"}, extra...)...)
	}
	if !checkFastDescriptor(t, fields(cat("float32"))) {
		t.Fatal("the fast path refused a plain descriptor")
	}
	if !checkFastDescriptor(t, fields(cat("float32"), "zstd_level", 0x03)) {
		t.Fatal("the fast path refused a valid parameter key")
	}
	for name, b := range map[string][]byte{
		"parameter key": fields(cat("float32"), []byte{0x62, 0xff, 0xfe}, 0x01),
		"dtype value":   fields([]byte{0x67, 'f', 'l', 'o', 'a', 't', '3', 0xff}),
	} {
		if _, _, ok := fastDescriptor(b); ok {
			t.Fatalf("%s not valid UTF-8: the fast path accepted it", name)
		}
		if _, _, err := parseDescriptorGeneric(b); err == nil {
			t.Fatalf("%s not valid UTF-8: the generic parser accepted it", name)
		}
	}
}
