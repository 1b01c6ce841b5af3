package simplepacking

import "encoding/binary"

// packRange quantises values [lo, hi) and writes their codes into dst,
// which holds the whole packed stream. lo must be a multiple of 8 so the
// chunk starts on a byte boundary; only the chunk ending at the last value
// writes a partial final byte.
func packRange[S source](dst []byte, src S, lo, hi int, ref, scale float64, bits uint32) error {
	maxq := maxQ(bits)
	pos := lo / 8 * int(bits)
	switch bits {
	case 8:
		out := dst[pos : pos+(hi-lo)]
		for i := range out {
			v := src.at(lo + i)
			if v-v != 0 {
				return nonFinite(v, lo+i)
			}
			out[i] = byte(quantise(v, ref, scale, maxq))
		}
		return nil
	case 16:
		out := dst[pos : pos+2*(hi-lo)]
		for i := lo; i < hi; i++ {
			v := src.at(i)
			if v-v != 0 {
				return nonFinite(v, i)
			}
			binary.BigEndian.PutUint16(out[2*(i-lo):], uint16(quantise(v, ref, scale, maxq)))
		}
		return nil
	case 24:
		out := dst[pos : pos+3*(hi-lo)]
		for i := lo; i < hi; i++ {
			v := src.at(i)
			if v-v != 0 {
				return nonFinite(v, i)
			}
			q := quantise(v, ref, scale, maxq)
			o := out[3*(i-lo) : 3*(i-lo)+3]
			o[0], o[1], o[2] = byte(q>>16), byte(q>>8), byte(q)
		}
		return nil
	case 32:
		out := dst[pos : pos+4*(hi-lo)]
		for i := lo; i < hi; i++ {
			v := src.at(i)
			if v-v != 0 {
				return nonFinite(v, i)
			}
			binary.BigEndian.PutUint32(out[4*(i-lo):], uint32(quantise(v, ref, scale, maxq)))
		}
		return nil
	case 64:
		out := dst[pos : pos+8*(hi-lo)]
		for i := lo; i < hi; i++ {
			v := src.at(i)
			if v-v != 0 {
				return nonFinite(v, i)
			}
			binary.BigEndian.PutUint64(out[8*(i-lo):], quantise(v, ref, scale, maxq))
		}
		return nil
	}
	return packGeneric(dst[pos:], src, lo, hi, ref, scale, bits, maxq)
}

// packGeneric handles every other width with a 64-bit accumulator that is
// flushed 32 bits at a time; codes wider than 32 bits are fed in two parts.
func packGeneric[S source](out []byte, src S, lo, hi int, ref, scale float64, bits uint32, maxq uint64) error {
	var acc uint64
	var nacc uint32 // pending bits in the low end of acc, always < 32
	o := 0
	push := func(q uint64, b uint32) {
		acc = acc<<b | q
		nacc += b
		if nacc >= 32 {
			nacc -= 32
			binary.BigEndian.PutUint32(out[o:], uint32(acc>>nacc))
			o += 4
		}
	}
	for i := lo; i < hi; i++ {
		v := src.at(i)
		if v-v != 0 {
			return nonFinite(v, i)
		}
		q := quantise(v, ref, scale, maxq)
		if bits > 32 {
			push(q>>32, bits-32)
			push(q&0xffffffff, 32)
		} else {
			push(q, bits)
		}
	}
	// Flush the remaining < 32 bits, left-aligned, byte by byte.
	for nacc > 0 {
		if nacc >= 8 {
			nacc -= 8
			out[o] = byte(acc >> nacc)
		} else {
			out[o] = byte(acc << (8 - nacc))
			nacc = 0
		}
		o++
	}
	return nil
}
