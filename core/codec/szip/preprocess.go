package szip

import "encoding/binary"

// residual maps sample b, predicted by its predecessor a, to its unsigned
// prediction residual. It is the branch-free form of
//
//	b >= a ? (b-a <= a ? 2(b-a) : b) : (a-b <= xmax-a ? 2(a-b)-1 : xmax-b)
//
// and small enough for the compiler to inline into the loops below.
func residual(a, b, xmax uint32) uint32 {
	diff := int64(b) - int64(a)
	sign := diff >> 63
	neg := uint32(sign)
	D := uint32((diff ^ sign) - sign)
	bound := a ^ ((a ^ (xmax - a)) & neg)
	v := 2*D + neg
	if D > bound {
		v = b ^ ((b ^ (xmax - b)) & neg)
	}
	return v
}

// preprocess maps the raw samples x of one RSI to prediction residuals d
// (d[0] is a zero dummy standing for the reference sample).
func (c *coder) preprocess(d, x []uint32) {
	d[0] = 0
	if c.signed {
		c.preprocessSigned(d, x)
		return
	}
	xmax := c.xmax
	j := 1
	if xmax < 1<<31 {
		j = residualsVec(d, x, xmax)
	}
	a := x[j-1]
	for ; j < len(x); j++ {
		b := x[j]
		d[j] = residual(a, b, xmax)
		a = b
	}
}

func (c *coder) preprocessSigned(d, x []uint32) {
	xmax := int64(c.xmax)
	xmin := c.xmin
	m := uint32(1) << (c.bps - 1)
	a := int64(int32((x[0] ^ m) - m))
	for j := 1; j < len(x); j++ {
		b := int64(int32((x[j] ^ m) - m))
		if b < a {
			if D := a - b; D <= xmax-a {
				d[j] = uint32(2*D - 1)
			} else {
				d[j] = uint32(xmax - b)
			}
		} else {
			if D := b - a; D <= a-xmin {
				d[j] = uint32(2 * D)
			} else {
				d[j] = uint32(b - xmin)
			}
		}
		a = b
	}
}

// postprocess inverts the mapping in place: v holds [ref, d1, d2, ...]
// on entry and the reconstructed samples on return.
func (c *coder) postprocess(v []uint32) {
	if len(v) == 0 {
		return
	}
	if c.signed {
		c.postprocessSigned(v)
		return
	}
	if !hasKernels {
		c.postprocessRange(v, 1, len(v))
		return
	}
	for i := 1; i < len(v); {
		// Runs of eight without edge cases in the kernel, then eight (or
		// the rest) the portable way.
		i = postprocessVec(v, i, c.xmax)
		end := min(i+8, len(v))
		c.postprocessRange(v, i, end)
		i = end
	}
}

// postprocessRange reconstructs v[from:to] (v[from-1] already done).
func (c *coder) postprocessRange(v []uint32, from, to int) {
	xmax := c.xmax
	top := c.bps - 1
	last := v[from-1]
	for i := from; i < to; i++ {
		d := v[i]
		h := d>>1 + d&1
		// mask = xmax when the top bit of last is set (libaec: last & med).
		mask := xmax & -(last >> (top & 31) & 1)
		if h <= mask^last {
			// +d/2 for even d, -(d/2+1) for odd d, without a branch.
			last += d>>1 ^ -(d & 1)
		} else {
			last = mask ^ d
		}
		v[i] = last
	}
}

func (c *coder) postprocessSigned(v []uint32) {
	xmax := c.xmax
	m := uint32(1) << (c.bps - 1)
	last := int32((v[0] ^ m) - m)
	v[0] = uint32(last)
	for i := 1; i < len(v); i++ {
		d := v[i]
		h := d>>1 + d&1
		var ok bool
		if last < 0 {
			ok = h <= xmax+uint32(last)+1
		} else {
			ok = h <= xmax-uint32(last)
		}
		switch {
		case ok && d&1 == 0:
			last += int32(d >> 1)
		case ok:
			last -= int32(d>>1) + 1
		case last < 0:
			last = int32(d - xmax - 1)
		default:
			last = int32(xmax - d)
		}
		v[i] = uint32(last)
	}
}

// preprocess24 is preprocess fused with reading big-endian 3-byte
// containers, the layout of Tensogram's 24-bit simple_packing + szip. It
// fills d[:len(src)/3] and returns the reference sample. Same results as
// readSamples followed by preprocess.
func (c *coder) preprocess24(d []uint32, src []byte) uint32 {
	n := len(src) / 3
	d = d[:n]
	src = src[:3*n]
	xmax := c.xmax
	a := uint32(src[0])<<16 | uint32(src[1])<<8 | uint32(src[2])
	d[0] = 0
	j := 1
	for ; 3*j+4 <= len(src); j++ {
		b := binary.BigEndian.Uint32(src[3*j:]) >> 8
		d[j] = residual(a, b, xmax)
		a = b
	}
	for ; j < n; j++ {
		b := uint32(src[3*j])<<16 | uint32(src[3*j+1])<<8 | uint32(src[3*j+2])
		d[j] = residual(a, b, xmax)
		a = b
	}
	return uint32(src[0])<<16 | uint32(src[1])<<8 | uint32(src[2])
}
