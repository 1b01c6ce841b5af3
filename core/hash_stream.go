package core

import (
	"encoding/binary"
	"encoding/hex"
	"math/bits"
)

// The 64-bit XXH3 digest (seed 0) of inputs longer than 240 bytes, computed
// in steps over one contiguous buffer whose length is known in advance, so
// that a writer can hash each part of the buffer right after producing it
// (while it is still in cache) without copying it anywhere: whole
// 1024-byte blocks are consumed in place as they become ready, and the
// final partial block and last stripe are read from the finished buffer.
// The digest equals xxh3.Hash of the whole buffer (HashXXH3).

const (
	xxhStripe = 64   // bytes per accumulation step
	xxhBlock  = 1024 // bytes per block: 16 stripes, then a scramble
	// xxhLongMin is the shortest input the accumulator algorithm hashes;
	// shorter ones use other formulas (left to the library).
	xxhLongMin = 241

	xxhPrime32x1 = 0x9E3779B1
	xxhPrime32x2 = 0x85EBCA77
	xxhPrime32x3 = 0xC2B2AE3D
	xxhPrime64x1 = 0x9E3779B185EBCA87
	xxhPrime64x2 = 0xC2B2AE3D27D4EB4F
	xxhPrime64x3 = 0x165667B19E3779F9
	xxhPrime64x4 = 0x85EBCA77C2B2AE63
	xxhPrime64x5 = 0x27D4EB2F165667C5
)

// xxhSecret is XXH3's default 192-byte secret.
var xxhSecret = func() []byte {
	b, err := hex.DecodeString("" +
		"b8fe6c3923a44bbe7c01812cf721ad1cded46de9839097db7240a4a4b7b3671f" +
		"cb79e64eccc0e578825ad07dccff7221b8084674f743248ee03590e6813a264c" +
		"3c2852bb91c300cb88d0658b1b532ea371644897a20df94e3819ef46a9deacd8" +
		"a8fa763fe39c343ff9dcbbc7c70b4f1d8a51e04bcdb45931c89f7ec9d9787364" +
		"eac5ac8334d3ebc3c581a0fffa1363eb170ddd51b7f0da49d316552629d4689e" +
		"2b16be587d47a1fc8ff8b8d17ad031ce45cb3a8f95160428afd7fbcabb4b407e")
	if err != nil || len(b) != 192 {
		panic("xxh3 secret")
	}
	return b
}()

// xxh3Stream is the state of one stepwise XXH3-64 over a buffer of n
// bytes (n >= xxhLongMin).
type xxh3Stream struct {
	acc [8]uint64
	n   int // length of the whole input
	// done is the number of leading bytes already consumed (whole blocks);
	// blocks is how many whole blocks the algorithm consumes before the
	// final partial block ((n-1)/1024: a last full block counts as partial).
	done, blocks int
}

// newXXH3Stream starts the digest of an n-byte input (n >= xxhLongMin).
func newXXH3Stream(n int) *xxh3Stream {
	return &xxh3Stream{
		acc: [8]uint64{xxhPrime32x3, xxhPrime64x1, xxhPrime64x2, xxhPrime64x3,
			xxhPrime64x4, xxhPrime32x2, xxhPrime64x5, xxhPrime32x1},
		n:      n,
		blocks: (n - 1) / xxhBlock,
	}
}

// ready returns how many bytes from s.done on are whole blocks the digest
// may consume once buf[:upto] is final.
func (s *xxh3Stream) ready(upto int) int {
	k := min(upto, s.blocks*xxhBlock) - s.done
	return max(k, 0) &^ (xxhBlock - 1)
}

// advance consumes the whole blocks of buf (the input, at least upto bytes
// long) that lie below upto and have not been consumed yet.
func (s *xxh3Stream) advance(buf []byte, upto int) {
	if k := s.ready(upto); k > 0 {
		xxhBlocks(&s.acc, buf[s.done:s.done+k])
		s.done += k
	}
}

// copyBlocks copies the leading whole blocks of src (bytes at..at+len(src)
// of the input) to dst while consuming them, checking each for NaN/Inf
// per f when f is not nil, and returns the bytes copied. It copies nothing
// unless at is where the digest stands. When the check fails in a block
// it returns that block's offset with nothing consumed: the bytes it
// copied are the input's, so advance may still consume them from dst.
func (s *xxh3Stream) copyBlocks(dst, src []byte, at int, f *finiteCheck) int {
	if at != s.done {
		return 0
	}
	k := min(s.ready(at+len(src)), len(src))
	var mask uint64
	var width int
	if f != nil {
		mask, width = f.mask, f.width
	}
	acc := s.acc
	n := xxhCopyBlocks(&acc, dst[:k], src[:k], mask, width)
	if n == k {
		s.acc = acc
		s.done += k
	}
	return n
}

// sum returns the digest of buf, the finished input of s.n bytes.
func (s *xxh3Stream) sum(buf []byte) uint64 {
	buf = buf[:s.n]
	s.advance(buf, s.n)
	acc := s.acc
	tail := buf[s.done:]
	stripes := (s.n - 1 - s.done) / xxhStripe
	for i := 0; i < stripes; i++ {
		xxhStripeGo(&acc, tail[i*xxhStripe:], xxhSecret[i*8:])
	}
	xxhStripeGo(&acc, buf[s.n-xxhStripe:], xxhSecret[len(xxhSecret)-xxhStripe-7:])
	h := uint64(s.n) * xxhPrime64x1
	for i := 0; i < 4; i++ {
		k := xxhSecret[11+16*i:]
		h += xxhMulFold(acc[2*i]^binary.LittleEndian.Uint64(k), acc[2*i+1]^binary.LittleEndian.Uint64(k[8:]))
	}
	h ^= h >> 37
	h *= 0x165667919E3779F9
	return h ^ h>>32
}

// xxhMulFold returns the xor of the two halves of the 128-bit product a*b.
func xxhMulFold(a, b uint64) uint64 {
	hi, lo := bits.Mul64(a, b)
	return hi ^ lo
}

// xxhStripeGo accumulates one 64-byte stripe p with the 64 key bytes key.
func xxhStripeGo(acc *[8]uint64, p, key []byte) {
	p, key = p[:xxhStripe], key[:xxhStripe]
	for i := 0; i < 8; i++ {
		v := binary.LittleEndian.Uint64(p[8*i:])
		k := v ^ binary.LittleEndian.Uint64(key[8*i:])
		acc[i^1] += v
		acc[i] += uint64(uint32(k)) * (k >> 32)
	}
}

// xxhScrambleGo mixes the accumulators after each whole block.
func xxhScrambleGo(acc *[8]uint64) {
	key := xxhSecret[len(xxhSecret)-xxhStripe:]
	for i := range acc {
		a := acc[i]
		a ^= a >> 47
		a ^= binary.LittleEndian.Uint64(key[8*i:])
		acc[i] = a * xxhPrime32x1
	}
}

// xxhBlocksGo consumes whole blocks of p (len(p) a multiple of xxhBlock).
func xxhBlocksGo(acc *[8]uint64, p []byte) {
	for ; len(p) >= xxhBlock; p = p[xxhBlock:] {
		for s := 0; s < xxhBlock/xxhStripe; s++ {
			xxhStripeGo(acc, p[s*xxhStripe:], xxhSecret[8*s:])
		}
		xxhScrambleGo(acc)
	}
}
