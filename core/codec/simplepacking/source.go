package simplepacking

import (
	"encoding/binary"
	"math"
)

// source abstracts where input values come from (a []float64 or raw IEEE
// bytes in either byte order) so the packing loops are compiled once per
// representation without per-value interface calls.
type source interface {
	at(i int) float64
}

type f64Source []float64

func (s f64Source) at(i int) float64 { return s[i] }

type leSource []byte

func (s leSource) at(i int) float64 {
	return math.Float64frombits(binary.LittleEndian.Uint64(s[8*i:]))
}

type beSource []byte

func (s beSource) at(i int) float64 {
	return math.Float64frombits(binary.BigEndian.Uint64(s[8*i:]))
}
