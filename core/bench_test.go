package core

import (
	"testing"
)

func benchInput(n int) []EncodeInput {
	vals := make([]float32, n)
	for i := range vals {
		vals[i] = float32(i) * 0.25
	}
	d := NewDescriptor(Float32, []uint64{uint64(n)})
	d.ByteOrder = LittleEndian
	return []EncodeInput{{Descriptor: d, Data: f32s(vals...)}}
}

func benchEncode(b *testing.B, n int, opts *EncodeOptions) {
	in := benchInput(n)
	b.SetBytes(int64(len(in[0].Data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Encode(nil, in, opts); err != nil {
			b.Fatal(err)
		}
	}
}

func benchDecode(b *testing.B, n int, into bool, opts *DecodeOptions) {
	in := benchInput(n)
	msg, err := Encode(nil, in, nil)
	if err != nil {
		b.Fatal(err)
	}
	dst := make([]byte, len(in[0].Data))
	b.SetBytes(int64(len(in[0].Data)))
	b.ReportAllocs()
	for b.Loop() {
		if into {
			_, ov, err := ParseObject(msg, 0, opts.VerifyHash)
			if err != nil {
				b.Fatal(err)
			}
			if err := ov.DecodeInto(dst, opts); err != nil {
				b.Fatal(err)
			}
		} else if _, err := Decode(msg, opts); err != nil {
			b.Fatal(err)
		}
	}
}

// Encode of 1M float32 (4 MiB), encoding "none", hashing on (default).
func BenchmarkEncode1MFloat32(b *testing.B) { benchEncode(b, 1<<20, nil) }

// Same without hashing: pure framing + copy.
func BenchmarkEncode1MFloat32NoHash(b *testing.B) {
	benchEncode(b, 1<<20, &EncodeOptions{NoHash: true})
}

// Encode of 16K float32.
func BenchmarkEncode16KFloat32(b *testing.B) { benchEncode(b, 16<<10, nil) }

// Decode of 1M float32 into a fresh buffer.
func BenchmarkDecode1MFloat32(b *testing.B) { benchDecode(b, 1<<20, false, &DecodeOptions{}) }

// Decode of 1M float32 into a caller buffer (the Python path).
func BenchmarkDecodeInto1MFloat32(b *testing.B) { benchDecode(b, 1<<20, true, &DecodeOptions{}) }

// Decode of 1M float32 with hash verification.
func BenchmarkDecode1MFloat32Verify(b *testing.B) {
	benchDecode(b, 1<<20, true, &DecodeOptions{VerifyHash: true})
}

// Decode of 1M float32 declared big-endian (byte swap into host order).
func BenchmarkDecode1MFloat32Swap(b *testing.B) {
	in := benchInput(1 << 20)
	in[0].Descriptor.ByteOrder = BigEndian
	msg, _ := Encode(nil, in, nil)
	mv, _ := ParseMessage(msg)
	dst := make([]byte, len(in[0].Data))
	b.SetBytes(int64(len(dst)))
	for b.Loop() {
		if err := mv.Objects[0].DecodeInto(dst, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// Decode of 16K float32.
func BenchmarkDecode16KFloat32(b *testing.B) { benchDecode(b, 16<<10, false, &DecodeOptions{}) }

// Scan of a buffer of 1000 messages.
func BenchmarkScan1000Messages(b *testing.B) {
	one, _ := Encode(nil, benchInput(256), nil)
	var buf []byte
	for i := 0; i < 1000; i++ {
		buf = append(buf, one...)
	}
	b.SetBytes(int64(len(buf)))
	for b.Loop() {
		if n := len(Scan(buf)); n != 1000 {
			b.Fatal(n)
		}
	}
}

// Parse of a small two-object message with metadata (the per-message cost
// of reading many small messages): preamble, frame walk, metadata, index,
// hash frame and descriptors, no payload decode.
func BenchmarkParseSmallMessage(b *testing.B) {
	in := append(benchInput(16), benchInput(8)...)
	meta := &GlobalMetadata{Base: []map[string]any{{"name": "t"}, {"name": "u"}}, Extra: map[string]any{"centre": "ecmf"}}
	msg, err := Encode(meta, in, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(msg)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseMessage(msg); err != nil {
			b.Fatal(err)
		}
	}
}

// Validation (default mode) of a small two-object message.
func BenchmarkValidateSmallMessage(b *testing.B) {
	in := append(benchInput(16), benchInput(8)...)
	msg, err := Encode(nil, in, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if r := ValidateMessage(msg, nil); !r.OK() {
			b.Fatal(r.Issues)
		}
	}
}
