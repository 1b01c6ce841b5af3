package zfp

// Table-driven coding of one bit plane. A plane with n significant
// coefficients is n verbatim bits followed by group tests over the others;
// with an unlimited budget its code depends only on n and the plane's four
// bits, is at most planeMax bits long, and a budget that runs out mid-plane
// only truncates it (the encoder stops writing; the decoder falls back to
// its bit-by-bit loop). The tables below hold every such code, built once
// from planeCode, the bit-by-bit definition.

// planeMax is the longest code of one plane (n = 0 and all four bits set:
// four positive tests and three scan bits that stop on a one).
const planeMax = 7

// planeEnc[n<<4|x] packs the code of plane bits x with n significant
// coefficients: the code in bits 0..15, its length in bits 16..23 and the
// significant count after the plane in bits 24..31.
var planeEnc [(blockSize + 1) << 4]uint32

// planeDec[n<<planeMax|s] packs what the decoder learns from the next
// planeMax stream bits s with n significant coefficients: the plane's
// four bits in bits 0..3, the code length in bits 4..7 and the significant
// count after the plane in bits 8..11.
var planeDec [(blockSize + 1) << planeMax]uint16

// planePairEnc[n<<8|x2<<4|x1] packs, as planeEnc does, the code of two
// consecutive planes: plane bits x1 with n significant coefficients, then
// x2 with the significant count after it (at most 14 bits).
var planePairEnc [(blockSize + 1) << 8]uint32

func init() {
	initPlaneTables()
	for n := uint(0); n <= blockSize; n++ {
		for x := uint(0); x < 256; x++ {
			t1 := planeEnc[n<<4|x&15]
			t2 := planeEnc[uint(t1>>24)<<4|x>>4]
			l1 := t1 >> 16 & 0xff
			planePairEnc[n<<8|x] = (t1&0xffff | t2&0xffff<<l1) | (l1+t2>>16&0xff)<<16 | t2>>24<<24
		}
	}
}

// initPlaneTables fills planeEnc and planeDec.
func initPlaneTables() {
	for n := uint(0); n <= blockSize; n++ {
		for x := uint64(0); x < 16; x++ {
			code, length, after := planeCode(n, x)
			planeEnc[n<<4|uint(x)] = uint32(code) | uint32(length)<<16 | uint32(after)<<24
			// Every stream continuation of this code decodes to it.
			for rest := uint64(0); rest < 1<<(planeMax-length); rest++ {
				s := code | rest<<length
				planeDec[n<<planeMax|uint(s)] = uint16(x) | uint16(length)<<4 | uint16(after)<<8
			}
		}
	}
}

// planeCode returns the code of plane bits x (bit i = coefficient i) with
// n coefficients significant and an unlimited budget, LSB first: the low n
// bits verbatim, then for the rest a 1 test and a scan of zeros ended by a
// one (implied for the last coefficient) per newly significant coefficient,
// and a 0 test when none is left. It also returns the code's length and
// the significant count after the plane.
func planeCode(n uint, x uint64) (code uint64, length, after uint) {
	code, length = x&(1<<n-1), n
	x >>= n
	for n < blockSize {
		if x == 0 {
			return code, length + 1, n // negative test: a 0 bit
		}
		code |= 1 << length
		length++
		for n < blockSize-1 {
			b := x & 1
			code |= b << length
			length++
			if b != 0 {
				break
			}
			x >>= 1
			n++
		}
		x >>= 1
		n++
	}
	return code, length, n
}
