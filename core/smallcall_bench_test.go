package core

import "testing"

// benchSmallCall runs what the C API's decode of a 64 KB message (16K
// float32) does in core: parse (with or without building the metadata
// maps) and decode every object into a caller buffer.
func benchSmallCall(b *testing.B, raw bool) {
	in := benchInput(16 << 10)
	msg, err := Encode(&GlobalMetadata{Base: []map[string]any{{}}}, in, nil)
	if err != nil {
		b.Fatal(err)
	}
	dst := make([]byte, len(in[0].Data))
	opts := &DecodeOptions{}
	b.ReportAllocs()
	for b.Loop() {
		var mv *MessageView
		if raw {
			mv, err = ParseMessageRaw(msg, false)
		} else {
			mv, err = ParseMessage(msg)
		}
		if err != nil {
			b.Fatal(err)
		}
		if err := mv.Objects[0].DecodeInto(dst, opts); err != nil {
			b.Fatal(err)
		}
	}
}

// The C API's decode path before (maps built) and after (ParseMessageRaw).
func BenchmarkSmallCallDecodeMaps(b *testing.B) { benchSmallCall(b, false) }
func BenchmarkSmallCallDecodeRaw(b *testing.B)  { benchSmallCall(b, true) }

// decode_metadata before (maps) and after (CBOR only).
func BenchmarkSmallCallMetadata(b *testing.B) {
	msg, err := Encode(&GlobalMetadata{Base: []map[string]any{{"mars": map[string]any{"param": "2t", "step": uint64(6)}}}}, benchInput(16), nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("maps", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := DecodeMetadata(msg); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("cbor", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := DecodeMetadataCBOR(msg); err != nil {
				b.Fatal(err)
			}
		}
	})
}
