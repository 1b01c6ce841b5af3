package core

import "testing"

// BenchmarkAppendScanOneMessage is the Go part of bench_threading.py's Scan
// row: one 1M-float32 message, spans appended to a stack array (as tg_scan
// does), so only the scan's fixed cost is measured.
func BenchmarkAppendScanOneMessage(b *testing.B) {
	msg, err := Encode(&GlobalMetadata{Base: []map[string]any{{}}}, benchInput(1_000_000), nil)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		var local [8]MessageSpan
		if ss := AppendScan(local[:0], msg); len(ss) != 1 {
			b.Fatal("expected one message")
		}
	}
}
