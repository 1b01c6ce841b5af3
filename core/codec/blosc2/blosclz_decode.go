package blosc2

// BloscLZ stream format (an LZ77 variant of FastLZ):
//
// The low 5 bits of the first byte, and every later token byte t, select:
//   - t < 32: a literal run of t+1 bytes that follow the token;
//   - t ≥ 32: a match of length (t>>5)+2, extended by following bytes while
//     t>>5 == 7 (each byte adds its value; 255 means another follows), then
//     one distance byte d: the match starts (t&31)<<8 + d + 1 bytes back;
//     when t&31 == 31 and d == 255 two more bytes (big-endian) give the
//     distance minus 8192.
//
// A stream ends when its input is exhausted after a literal run. A match
// whose bytes end the input is not copied (as c-blosc2 reads it), so
// encoders always finish with literals.

const (
	blosclzMaxDistance = 8191 // longest short-form distance
	blosclzMaxCopy     = 32   // longest literal run
)

// blosclzDecode decodes src into dst and returns the number of bytes
// produced, which must be len(dst) for a valid block stream.
func blosclzDecode(dst, src []byte) (int, error) {
	if len(src) == 0 {
		return 0, corrupt("blosclz: empty stream")
	}
	ip, op := 1, 0
	ctrl := int(src[0] & 31)
	for {
		if ctrl < 32 {
			n := ctrl + 1
			if op+n > len(dst) || ip+n > len(src) {
				return op, corrupt("blosclz: literal run past the end")
			}
			copy(dst[op:], src[ip:ip+n])
			op += n
			ip += n
		} else {
			var err error
			if ip, op, err = blosclzMatch(dst, src, ctrl, ip, op); err != nil || ip < 0 {
				return op, err
			}
		}
		if ip >= len(src) {
			return op, nil
		}
		ctrl = int(src[ip])
		ip++
	}
}

// blosclzMatch decodes the match of token ctrl whose extra bytes start at
// src[ip] and copies it to dst[op:]. It returns ip = -1 when the match ends
// the input (the stream's end: the match is dropped).
func blosclzMatch(dst, src []byte, ctrl, ip, op int) (int, int, error) {
	length := ctrl>>5 - 1
	ofs := (ctrl & 31) << 8
	if length == 6 {
		for {
			if ip >= len(src) {
				return ip, op, corrupt("blosclz: truncated match length")
			}
			c := src[ip]
			ip++
			length += int(c)
			if c != 255 {
				break
			}
			if length > len(dst) {
				return ip, op, corrupt("blosclz: match longer than the block")
			}
		}
	}
	if ip >= len(src) {
		return ip, op, corrupt("blosclz: truncated match")
	}
	code := int(src[ip])
	ip++
	length += 3
	dist := ofs + code + 1
	if code == 255 && ofs == 31<<8 {
		if ip+1 >= len(src) {
			return ip, op, corrupt("blosclz: truncated far distance")
		}
		dist = (int(src[ip])<<8 | int(src[ip+1])) + blosclzMaxDistance + 1
		ip += 2
	}
	if op+length > len(dst) || dist > op {
		return ip, op, corrupt("blosclz: match outside the block")
	}
	if ip >= len(src) {
		return -1, op, nil
	}
	copyMatch(dst, op, dist, length)
	return ip, op + length, nil
}

// copyMatch copies length bytes from dist bytes back to dst[op:], byte by
// byte in effect (overlapping copies repeat the pattern).
func copyMatch(dst []byte, op, dist, length int) {
	if dist >= length {
		copy(dst[op:op+length], dst[op-dist:])
		return
	}
	if dist == 1 {
		b := dst[op-1]
		s := dst[op : op+length]
		for i := range s {
			s[i] = b
		}
		return
	}
	for length > 0 {
		n := copy(dst[op:op+min(length, dist)], dst[op-dist:op])
		op += n
		length -= n
		dist += n
	}
}
