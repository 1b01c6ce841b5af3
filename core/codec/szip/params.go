package szip

import (
	"math"

	"github.com/tensogram-go/tensogram-go/core/codec/internal/codecerr"
)

// Flags holds libaec option bits. Bits this package does not define are
// accepted and ignored, exactly as libaec does.
type Flags uint32

// libaec flag values.
const (
	// FlagSigned marks samples as two's-complement signed integers.
	FlagSigned Flags = 1
	// Flag3Byte stores 17..24-bit samples in 3-byte containers (else 4).
	Flag3Byte Flags = 2
	// FlagMSB stores containers big-endian (else little-endian).
	FlagMSB Flags = 4
	// FlagPreprocess enables the unit-delay predictor and mapping, with a
	// reference sample at the start of every RSI.
	FlagPreprocess Flags = 8
	// FlagRestricted selects the restricted ID set (bits per sample <= 4).
	FlagRestricted Flags = 16
	// FlagPadRSI pads every RSI to a byte boundary. libaec's encoder does
	// not implement it, so Encode rejects it; Decode honours it.
	FlagPadRSI Flags = 32
	// FlagNotEnforce allows any even block size.
	FlagNotEnforce Flags = 64
)

// Limits on the parameters.
const (
	// MaxRSI is the largest accepted number of blocks per RSI.
	MaxRSI = 4096
	// MaxBlockSize is the largest block size accepted with FlagNotEnforce
	// (CCSDS 121.0-B-3 itself only defines 8, 16, 32 and 64). libaec has
	// no explicit bound; this one caps the per-RSI work buffer that a tiny
	// crafted stream can make the decoder allocate at
	// 4 * MaxRSI * MaxBlockSize bytes (16 MiB).
	MaxBlockSize = 1024
)

// Params are the coding parameters shared by encoder and decoder.
type Params struct {
	// BitsPerSample is the sample width in bits, 1..32.
	BitsPerSample int
	// BlockSize is the number of samples per block: 8, 16, 32 or 64, or
	// any even number up to MaxBlockSize with FlagNotEnforce.
	BlockSize int
	// RSI is the number of blocks per reference sample interval, 1..4096.
	RSI int
	// Flags are libaec option bits.
	Flags Flags
}

// Validate checks the parameters the way libaec does before any work.
func (p Params) Validate() error {
	if p.BitsPerSample < 1 || p.BitsPerSample > 32 {
		return codecerr.Errorf(ErrParams, "bits per sample %d not in 1..32", p.BitsPerSample)
	}
	if p.BlockSize <= 0 {
		return codecerr.Errorf(ErrParams, "block size %d", p.BlockSize)
	}
	if p.Flags&FlagNotEnforce != 0 {
		if p.BlockSize%2 != 0 || p.BlockSize > MaxBlockSize {
			return codecerr.Errorf(ErrParams, "block size %d must be even and at most %d", p.BlockSize, MaxBlockSize)
		}
	} else if p.BlockSize != 8 && p.BlockSize != 16 && p.BlockSize != 32 && p.BlockSize != 64 {
		return codecerr.Errorf(ErrParams, "block size %d not in {8,16,32,64}", p.BlockSize)
	}
	if p.RSI < 1 || p.RSI > MaxRSI {
		return codecerr.Errorf(ErrParams, "rsi %d not in 1..%d", p.RSI, MaxRSI)
	}
	if p.Flags&FlagRestricted != 0 && p.BitsPerSample > 4 {
		return codecerr.Errorf(ErrParams, "restricted flag needs bits per sample <= 4, got %d", p.BitsPerSample)
	}
	return nil
}

// SampleWidth returns the container width in bytes (1, 2, 3 or 4) used
// for one sample in the uncompressed buffer.
func (p Params) SampleWidth() int {
	switch {
	case p.BitsPerSample > 16:
		if p.BitsPerSample <= 24 && p.Flags&Flag3Byte != 0 {
			return 3
		}
		return 4
	case p.BitsPerSample > 8:
		return 2
	default:
		return 1
	}
}

// RSISamples returns the number of samples in one full RSI
// (BlockSize*RSI).
func (p Params) RSISamples() int { return p.BlockSize * p.RSI }

// coder holds the quantities derived from validated Params.
type coder struct {
	bps      uint   // bits per sample
	j        int    // block size
	r        int    // blocks per RSI
	s        int    // samples per RSI
	cw       int    // container width
	lid      uint   // ID length
	kmax     int    // largest split parameter
	pre      bool   // preprocessing
	signed   bool   // signed samples
	msb      bool   // big-endian containers
	padRSI   bool   // byte-align each RSI (decoder only)
	xmax     uint32 // largest sample value
	xmin     int64  // smallest sample value (signed only)
	idUncomp uint32 // ID of the uncompressed option
	fused24  bool   // 3-byte big-endian unsigned with preprocessing
}

func newCoder(p Params) (*coder, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	c := &coder{
		bps:    uint(p.BitsPerSample),
		j:      p.BlockSize,
		r:      p.RSI,
		s:      p.BlockSize * p.RSI,
		cw:     p.SampleWidth(),
		pre:    p.Flags&FlagPreprocess != 0,
		signed: p.Flags&FlagSigned != 0,
		msb:    p.Flags&FlagMSB != 0,
		padRSI: p.Flags&FlagPadRSI != 0,
	}
	switch {
	case c.bps > 16:
		c.lid = 5
	case c.bps > 8:
		c.lid = 4
	case p.Flags&FlagRestricted != 0:
		if c.bps <= 2 {
			c.lid = 1
		} else {
			c.lid = 2
		}
	default:
		c.lid = 3
	}
	c.kmax = (1 << c.lid) - 3
	c.idUncomp = (1 << c.lid) - 1
	if c.signed {
		c.xmax = uint32(uint64(1)<<(c.bps-1) - 1)
		c.xmin = -int64(c.xmax) - 1
	} else {
		c.xmax = uint32(uint64(1)<<c.bps - 1)
	}
	c.fused24 = c.cw == 3 && c.msb && c.pre && !c.signed
	if c.s > math.MaxInt32 {
		return nil, codecerr.Errorf(ErrParams, "rsi*block size overflows")
	}
	return c, nil
}

// samples returns the number of samples in a buffer of n bytes.
func (c *coder) samples(n int) (int, error) {
	if n%c.cw != 0 {
		return 0, codecerr.Errorf(ErrLength, "data length %d is not a multiple of sample byte width %d", n, c.cw)
	}
	return n / c.cw, nil
}

// numRSI returns the number of RSIs needed for n >= 0 samples (no
// overflow for any n).
func (c *coder) numRSI(n int) int {
	q := n / c.s
	if n%c.s != 0 {
		q++
	}
	return q
}
