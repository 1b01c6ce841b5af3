package core

import (
	"bytes"
	"reflect"
	"testing"
)

// streamingPreamble returns a version-3 preamble with total_length 0.
func streamingPreamble() []byte {
	p := make([]byte, PreambleSize)
	copy(p, MagicStart)
	be.PutUint16(p[8:], WireVersion)
	return p
}

// TestScanShortStreamingSpan pins the scanner to upstream tensogram 0.24.0
// for streaming preambles followed closely by an end magic: the span ends at
// the first end magic at or after offset 24, even when that makes it shorter
// than a minimal message (upstream's scan returns (0, 32) for the first case;
// the expected values below were read from tensogram.scan). Decoding such a
// span fails; scanning does not judge it.
func TestScanShortStreamingSpan(t *testing.T) {
	z := func(n int) []byte { return make([]byte, n) }
	cat := func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
	cases := []struct {
		name string
		buf  []byte
		want []MessageSpan
	}{
		{"end magic at 24", cat(streamingPreamble(), MagicEnd, z(16)), []MessageSpan{{0, 32}}},
		{"end magic at 24 and 40", cat(streamingPreamble(), MagicEnd, z(8), MagicEnd), []MessageSpan{{0, 32}}},
		{"end magic at 32", cat(streamingPreamble(), z(8), MagicEnd, z(8)), []MessageSpan{{0, 40}}},
		{"end magic at 40", cat(streamingPreamble(), z(16), MagicEnd), []MessageSpan{{0, 48}}},
		{"end magic at 40, trailing garbage", cat(streamingPreamble(), z(16), MagicEnd, []byte("xxxxxxxxxx")), []MessageSpan{{0, 48}}},
		// Fewer than 48 bytes in all: nothing is scanned.
		{"buffer shorter than 48", cat(streamingPreamble(), MagicEnd), nil},
	}
	for _, c := range cases {
		if got := Scan(c.buf); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: Scan = %v, want %v", c.name, got, c.want)
		}
		got, err := ScanReaderAt(bytesReaderAt(c.buf), int64(len(c.buf)))
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: ScanReaderAt = %v (%v), want %v", c.name, got, err, c.want)
		}
		if len(c.want) > 0 {
			if _, err := Decode(c.buf[:c.want[0].Length], nil); err == nil {
				t.Errorf("%s: decoding the %d-byte span succeeded", c.name, c.want[0].Length)
			}
		}
	}
}

// TestScanReaderAtWindowBoundaries places start and end magics across the
// edges of ScanReaderAt's read window (scanChunk) and checks that it finds
// the same spans as Scan on the same bytes.
func TestScanReaderAtWindowBoundaries(t *testing.T) {
	msg, err := Encode(nil, benchInput(100), &EncodeOptions{Provenance: &Provenance{Time: "2026-01-01T00:00:00Z", UUID: "00000000-0000-4000-8000-000000000000"}})
	if err != nil {
		t.Fatal(err)
	}
	stream := append(append(streamingPreamble(), make([]byte, 40)...), MagicEnd...)
	for _, shift := range []int{-len(msg) - 3, -20, -8, -5, -1, 0, 1, 7} {
		for _, m := range [][]byte{msg, stream} {
			buf := make([]byte, 2*scanChunk+500)
			for i := range buf {
				buf[i] = byte(i * 7)
			}
			// One message straddling the first boundary, one just after
			// the second, one at the very end.
			copy(buf[scanChunk+shift:], m)
			copy(buf[2*scanChunk+shift+len(m)/2:], m)
			copy(buf[len(buf)-len(m):], m)
			want := Scan(buf)
			if len(want) < 2 {
				t.Fatalf("shift %d: Scan found %v", shift, want)
			}
			got, err := ScanReaderAt(bytesReaderAt(buf), int64(len(buf)))
			if err != nil || !reflect.DeepEqual(got, want) {
				t.Fatalf("shift %d (%d-byte message): ScanReaderAt = %v (%v), Scan = %v", shift, len(m), got, err, want)
			}
		}
	}
}
