package simplepacking

import (
	"encoding/binary"
	"math"
)

// sink abstracts where decoded values go ([]float64 or raw IEEE bytes in
// either byte order).
type sink interface {
	set(i int, v float64)
}

type f64Sink []float64

func (s f64Sink) set(i int, v float64) { s[i] = v }

type leSink []byte

func (s leSink) set(i int, v float64) {
	binary.LittleEndian.PutUint64(s[8*i:], math.Float64bits(v))
}

type beSink []byte

func (s beSink) set(i int, v float64) {
	binary.BigEndian.PutUint64(s[8*i:], math.Float64bits(v))
}
