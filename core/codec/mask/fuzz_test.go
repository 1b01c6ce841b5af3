package mask

import (
	"bytes"
	"testing"
)

// FuzzDecodeBlob feeds arbitrary blobs to every mask decoder: no panics,
// and any accepted blob yields exactly n bits with no bit set past n.
func FuzzDecodeBlob(f *testing.F) {
	r, _ := EncodeRoaring(bitmapOf(2000, 5, 6, 7, 1500))
	f.Add(r, uint16(2000), uint8(2))
	f.Add([]byte{0, 3, 2, 5}, uint16(10), uint8(1))
	f.Add([]byte{0x3b, 0x30, 0, 0, 1, 0, 0, 0xe7, 3, 1, 0, 0x64, 0, 0xe7, 3}, uint16(1100), uint8(2))
	f.Add([]byte{2, 0, 0, 0, 0x20, 0x80, 0x00}, uint16(10), uint8(3))
	f.Add([]byte{0x28, 0xb5, 0x2f, 0xfd, 0x20, 0x02, 0x11, 0, 0, 0x80, 0}, uint16(10), uint8(4))
	methods := []Method{MethodNone, MethodRLE, MethodRoaring, MethodLZ4, MethodZstd}
	f.Fuzz(func(t *testing.T, blob []byte, n uint16, mi uint8) {
		meth := methods[int(mi)%len(methods)]
		b, err := DecodeBlob(blob, int(n), meth)
		if err != nil {
			return
		}
		if b.N != int(n) || len(b.Packed) != PackedLen(int(n)) {
			t.Fatalf("bad bitmap size %d/%d", b.N, len(b.Packed))
		}
		if n%8 != 0 && b.Packed[len(b.Packed)-1]&(0xff>>(n%8)) != 0 {
			t.Fatal("padding bits set")
		}
		// Re-encoding must decode to the same bitmap.
		re, err := EncodeBlob(b, meth, 0)
		if err != nil {
			t.Fatal(err)
		}
		b2, err := DecodeBlob(re, int(n), meth)
		if err != nil || !bytes.Equal(b2.Packed, b.Packed) {
			t.Fatal("re-encode round trip failed")
		}
	})
}

// FuzzDecompressBitmask feeds arbitrary payloads to the bitmask dtype
// codecs: output length is always the expected size.
func FuzzDecompressBitmask(f *testing.F) {
	f.Add([]byte{0, 0, 0, 16, 0, 3, 2, 0x0b}, uint16(2), true)
	p, _ := CompressBitmaskRoaring([]byte{0x18, 0, 0xf0})
	f.Add(p, uint16(3), false)
	f.Fuzz(func(t *testing.T, payload []byte, expected uint16, rle bool) {
		var out []byte
		var err error
		if rle {
			out, err = DecompressBitmaskRLE(payload, int(expected))
		} else {
			out, err = DecompressBitmaskRoaring(payload, int(expected))
		}
		if err == nil && len(out) != int(expected) {
			t.Fatalf("len %d want %d", len(out), expected)
		}
	})
}

// FuzzSubstitute checks that substitution followed by restoration gives
// canonical patterns exactly where masks are set and the input elsewhere.
func FuzzSubstitute(f *testing.F) {
	f.Add([]byte{0, 0, 0xc0, 0x7f, 0, 0, 0x80, 0x7f, 1, 2, 3, 4}, uint8(2), false)
	f.Add([]byte{0x7f, 0xf8, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0}, uint8(3), true)
	f.Fuzz(func(t *testing.T, data []byte, di uint8, big bool) {
		dt := DType(int(di)%6 + 1)
		data = data[:len(data)/dt.Width()*dt.Width()]
		out, m, err := Substitute(data, dt, big, Policy{AllowNaN: true, AllowInf: true})
		if err != nil {
			t.Fatal(err)
		}
		// A second pass finds nothing left to substitute.
		_, m2, err := Substitute(out, dt, big, Policy{})
		if err != nil || !m2.Empty() {
			t.Fatalf("residual non-finite values: %v", err)
		}
		restored := append([]byte(nil), out...)
		if err := Restore(restored, dt, big, m); err != nil {
			t.Fatal(err)
		}
		// Restoring then substituting again reproduces the same masks.
		_, m3, err := Substitute(restored, dt, big, Policy{AllowNaN: true, AllowInf: true})
		if err != nil {
			t.Fatal(err)
		}
		for k := range m {
			if (m[k] == nil) != (m3[k] == nil) || (m[k] != nil && !bytes.Equal(m[k].Packed, m3[k].Packed)) {
				t.Fatalf("%s mask changed after restore", Kind(k))
			}
		}
	})
}
