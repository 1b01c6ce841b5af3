package szip

import "encoding/binary"

// readSamples converts containers from src into x (len(x) samples), with
// no masking, as libaec does.
func (c *coder) readSamples(x []uint32, src []byte) {
	switch c.cw {
	case 1:
		for i := range x {
			x[i] = uint32(src[i])
		}
	case 2:
		src = src[:2*len(x)]
		if c.msb {
			for i := range x {
				x[i] = uint32(binary.BigEndian.Uint16(src[2*i:]))
			}
		} else {
			for i := range x {
				x[i] = uint32(binary.LittleEndian.Uint16(src[2*i:]))
			}
		}
	case 3:
		src = src[:3*len(x)]
		if c.msb {
			i := 0
			// 4-byte loads while a whole word is available.
			for ; 3*i+4 <= len(src); i++ {
				x[i] = binary.BigEndian.Uint32(src[3*i:]) >> 8
			}
			for ; i < len(x); i++ {
				b := src[3*i : 3*i+3]
				x[i] = uint32(b[0])<<16 | uint32(b[1])<<8 | uint32(b[2])
			}
		} else {
			for i := range x {
				b := src[3*i : 3*i+3]
				x[i] = uint32(b[2])<<16 | uint32(b[1])<<8 | uint32(b[0])
			}
		}
	default:
		src = src[:4*len(x)]
		if c.msb {
			for i := range x {
				x[i] = binary.BigEndian.Uint32(src[4*i:])
			}
		} else {
			for i := range x {
				x[i] = binary.LittleEndian.Uint32(src[4*i:])
			}
		}
	}
}

// writeSamples stores x into containers in dst (len(dst) = cw*len(x)).
func (c *coder) writeSamples(dst []byte, x []uint32) {
	switch c.cw {
	case 1:
		dst = dst[:len(x)]
		for i, v := range x {
			dst[i] = byte(v)
		}
	case 2:
		dst = dst[:2*len(x)]
		if c.msb {
			for i, v := range x {
				binary.BigEndian.PutUint16(dst[2*i:], uint16(v))
			}
		} else {
			for i, v := range x {
				binary.LittleEndian.PutUint16(dst[2*i:], uint16(v))
			}
		}
	case 3:
		dst = dst[:3*len(x)]
		if c.msb {
			i := 0
			// 4-byte stores while they stay inside dst; each one's last
			// byte is overwritten by the next sample.
			for ; 3*i+4 <= len(dst); i++ {
				binary.BigEndian.PutUint32(dst[3*i:], x[i]<<8)
			}
			for ; i < len(x); i++ {
				v := x[i]
				b := dst[3*i : 3*i+3]
				b[0], b[1], b[2] = byte(v>>16), byte(v>>8), byte(v)
			}
		} else {
			for i, v := range x {
				b := dst[3*i : 3*i+3]
				b[0], b[1], b[2] = byte(v), byte(v>>8), byte(v>>16)
			}
		}
	default:
		dst = dst[:4*len(x)]
		if c.msb {
			for i, v := range x {
				binary.BigEndian.PutUint32(dst[4*i:], v)
			}
		} else {
			for i, v := range x {
				binary.LittleEndian.PutUint32(dst[4*i:], v)
			}
		}
	}
}
