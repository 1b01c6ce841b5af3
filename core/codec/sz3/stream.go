package sz3

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/bits"

	"github.com/tensogram-go/tensogram-go/core/codec/internal/codecerr"
)

const (
	magic       = 0xF342F310
	dataVersion = 3<<24 | 3<<16 | 2<<8 // SZ3 3.3.2
	headerSize  = 16
)

// Algorithm is the compression algorithm a stream records.
type Algorithm uint8

// Algorithms of SZ3 3.3.2 (the values its config stores).
const (
	AlgoLorenzoReg    Algorithm = 0
	AlgoInterpLorenzo Algorithm = 1
	AlgoInterp        Algorithm = 2
	AlgoNoPred        Algorithm = 3
	AlgoLossless      Algorithm = 4
)

var algorithmNames = [...]string{AlgoLorenzoReg: "lorenzo_reg", AlgoInterpLorenzo: "interp_lorenzo",
	AlgoInterp: "interp", AlgoNoPred: "nopred", AlgoLossless: "lossless"}

// String names the algorithm as SZ3 does.
func (a Algorithm) String() string {
	if int(a) < len(algorithmNames) {
		return algorithmNames[a]
	}
	return fmt.Sprintf("algorithm(%d)", uint8(a))
}

// Mode is an SZ3 error-bound mode.
type Mode uint8

// Error-bound modes Tensogram exposes (SZ3's EB_ABS, EB_REL, EB_PSNR).
const (
	ModeAbs  Mode = 0
	ModeRel  Mode = 1
	ModePSNR Mode = 2
)

var modeNames = [...]string{ModeAbs: "abs", ModeRel: "rel", ModePSNR: "psnr"}

// String names the mode as Tensogram's sz3_error_bound_mode does.
func (m Mode) String() string {
	if int(m) < len(modeNames) {
		return modeNames[m]
	}
	return fmt.Sprintf("mode(%d)", uint8(m))
}

// Info is what a stream's header and config record.
type Info struct {
	Count      uint64    // number of values
	Algorithm  Algorithm // algorithm that produced the payload
	Mode       Mode      // error-bound mode requested at encode
	Bound      float64   // the bound given for Mode (abs, rel or psnr value)
	Bins       int32     // quantisation bins (radius·2)
	Lorenzo    bool      // config flags: 1st-order Lorenzo enabled
	Lorenzo2   bool      // 2nd-order Lorenzo enabled
	Regression bool      // 1st-order regression enabled
	Regress2   bool      // 2nd-order regression enabled
	BlockSize  int32
	payload    []byte // inner size u64 + zstd frame
}

// ReadInfo parses a stream's header and config without decoding values.
func ReadInfo(stream []byte) (Info, error) {
	var info Info
	r := reader{buf: stream}
	m, v, size := r.u32("header"), r.u32("header"), r.u64("header")
	if r.err != nil {
		return info, r.err
	}
	if m != magic {
		return info, codecerr.Errorf(ErrCorrupt, "bad magic %#08x", m)
	}
	if v != dataVersion {
		return info, codecerr.Errorf(ErrUnsupported, "data version %d.%d.%d (want 3.3.2)", v>>24, v>>16&0xff, v>>8&0xff)
	}
	info.payload = r.take(size, "payload")
	if r.err != nil {
		return info, r.err
	}
	if err := parseConfig(&r, &info); err != nil {
		return info, err
	}
	return info, nil
}

// parseConfig reads the config SZ3 appends after the payload. Optional
// trailing fields are read while the recorded config size allows.
func parseConfig(r *reader, info *Info) error {
	start := r.pos
	confSize := int(r.u8("config"))
	rank, width := r.u8("config"), r.u8("config")
	if r.err != nil {
		return r.err
	}
	if rank != 1 {
		return codecerr.Errorf(ErrUnsupported, "rank %d data (only 1-D is supported)", rank)
	}
	if width == 0 || width > 64 {
		return codecerr.Errorf(ErrCorrupt, "dimension width %d bits", width)
	}
	dim := unpack(r.take(uint64(width+7)/8, "config dims"))
	info.Count = r.u64("config")
	if r.err == nil && dim != info.Count {
		return codecerr.Errorf(ErrCorrupt, "dimension %d but %d values", dim, info.Count)
	}
	info.Algorithm = Algorithm(r.u8("config"))
	info.Mode = Mode(r.u8("config"))
	switch info.Mode {
	case ModeAbs, ModeRel, ModePSNR:
		info.Bound = r.f64("config")
	case 3: // L2 norm
		r.f64("config")
	case 4, 5: // abs-and-rel, abs-or-rel
		info.Bound = r.f64("config")
		r.f64("config")
	default:
		return codecerr.Errorf(ErrCorrupt, "error-bound mode %d", info.Mode)
	}
	if r.err != nil {
		return r.err
	}
	info.Lorenzo, info.Regression = true, true
	info.Bins = 65536
	end := start + confSize
	if end > len(r.buf) || end < r.pos {
		return codecerr.Errorf(ErrCorrupt, "config of %d bytes in %d", confSize, len(r.buf)-start)
	}
	if r.pos < end {
		f := r.u8("config")
		info.Lorenzo, info.Lorenzo2 = f&0x80 != 0, f&0x40 != 0
		info.Regression, info.Regress2 = f&0x20 != 0, f&0x10 != 0
	}
	if r.pos < end {
		r.u8("config") // data type
	}
	if r.pos < end {
		info.Bins = r.i32("config")
	}
	if r.pos < end {
		info.BlockSize = r.i32("config")
	}
	return r.err
}

// appendStream writes header, payload and config the way SZ3 3.3.2 does
// for a 1-D double field.
func appendStream(dst []byte, info Info, payload []byte) []byte {
	dst = binary.LittleEndian.AppendUint32(dst, magic)
	dst = binary.LittleEndian.AppendUint32(dst, dataVersion)
	dst = binary.LittleEndian.AppendUint64(dst, uint64(len(payload)))
	dst = append(dst, payload...)
	return appendConfig(dst, info)
}

// appendConfig writes the config block; dims are packed in the minimal bit
// width, which for one dimension is the count's bit length.
func appendConfig(dst []byte, info Info) []byte {
	start := len(dst)
	width := bits.Len64(info.Count)
	if width == 0 {
		width = 1
	}
	dst = append(dst, 0, 1, byte(width))
	dst = appendPacked(dst, info.Count, width)
	dst = binary.LittleEndian.AppendUint64(dst, info.Count)
	dst = append(dst, byte(info.Algorithm), byte(info.Mode))
	dst = binary.LittleEndian.AppendUint64(dst, math.Float64bits(info.Bound))
	var f byte
	for i, on := range []bool{info.Lorenzo, info.Lorenzo2, info.Regression, info.Regress2} {
		if on {
			f |= 0x80 >> i
		}
	}
	dst = append(dst, f, 1) // flags, data type double
	dst = binary.LittleEndian.AppendUint32(dst, uint32(info.Bins))
	dst = binary.LittleEndian.AppendUint32(dst, uint32(info.BlockSize))
	dst = append(dst, 1) // prediction dimension
	dst[start] = byte(len(dst) - start)
	return dst
}

// appendPacked writes v in ceil(width/8) little-endian bytes (SZ3 packs
// dimensions LSB first; for one dimension that is plain little-endian).
func appendPacked(dst []byte, v uint64, width int) []byte {
	for i := 0; i < (width+7)/8; i++ {
		dst = append(dst, byte(v>>(8*i)))
	}
	return dst
}

// unpack reads a little-endian integer of up to 8 bytes.
func unpack(b []byte) uint64 {
	var v uint64
	for i, c := range b {
		v |= uint64(c) << (8 * i)
	}
	return v
}

func le32(dst []byte, v uint32) []byte { return binary.LittleEndian.AppendUint32(dst, v) }

func le64(dst []byte, v uint64) []byte { return binary.LittleEndian.AppendUint64(dst, v) }
