package pyapi

import (
	"encoding/binary"
	"math"
)

// cborWriter builds CBOR with maps in the order the caller writes them
// (validation reports and doctor output keep upstream's key order; the shim
// decodes them with sort_keys off).
type cborWriter struct{ b []byte }

func (w *cborWriter) head(major byte, v uint64) {
	m := major << 5
	switch {
	case v < 24:
		w.b = append(w.b, m|byte(v))
	case v <= math.MaxUint8:
		w.b = append(w.b, m|24, byte(v))
	case v <= math.MaxUint16:
		w.b = append(w.b, m|25)
		w.b = binary.BigEndian.AppendUint16(w.b, uint16(v))
	case v <= math.MaxUint32:
		w.b = append(w.b, m|26)
		w.b = binary.BigEndian.AppendUint32(w.b, uint32(v))
	default:
		w.b = append(w.b, m|27)
		w.b = binary.BigEndian.AppendUint64(w.b, v)
	}
}

func (w *cborWriter) mapN(n int)   { w.head(5, uint64(n)) }
func (w *cborWriter) arrayN(n int) { w.head(4, uint64(n)) }
func (w *cborWriter) text(s string) {
	w.head(3, uint64(len(s)))
	w.b = append(w.b, s...)
}
func (w *cborWriter) textBytes(s []byte) {
	w.head(3, uint64(len(s)))
	w.b = append(w.b, s...)
}
func (w *cborWriter) uint(v uint64) { w.head(0, v) }
func (w *cborWriter) int(v int64) {
	if v < 0 {
		w.head(1, uint64(-(v + 1)))
		return
	}
	w.head(0, uint64(v))
}
func (w *cborWriter) bool(v bool) {
	if v {
		w.b = append(w.b, 0xf5)
	} else {
		w.b = append(w.b, 0xf4)
	}
}
func (w *cborWriter) float(f float64) {
	w.b = append(w.b, 0xfb)
	w.b = binary.BigEndian.AppendUint64(w.b, math.Float64bits(f))
}

// kv writes a text key followed by a text value.
func (w *cborWriter) kv(k, v string) {
	w.text(k)
	w.text(v)
}
