package sz3

import (
	"encoding/binary"
	"math"

	"github.com/tensogram-go/tensogram-go/core/codec/internal/codecerr"
)

// reader is a bounds-checked little-endian cursor over a byte slice. The
// first failed read records an error; later reads return zero values, so a
// parser can read a run of fields and check err once.
type reader struct {
	buf []byte
	pos int
	err error
}

func (r *reader) fail(what string) {
	if r.err == nil {
		r.err = codecerr.Errorf(ErrCorrupt, "truncated %s at byte %d", what, r.pos)
	}
}

// take returns the next n bytes, or nil after recording an error.
func (r *reader) take(n uint64, what string) []byte {
	if r.err != nil {
		return nil
	}
	if n > uint64(len(r.buf)-r.pos) {
		r.fail(what)
		return nil
	}
	b := r.buf[r.pos : r.pos+int(n)]
	r.pos += int(n)
	return b
}

func (r *reader) remaining() int { return len(r.buf) - r.pos }

func (r *reader) u8(what string) uint8 {
	if b := r.take(1, what); b != nil {
		return b[0]
	}
	return 0
}

func (r *reader) u32(what string) uint32 {
	if b := r.take(4, what); b != nil {
		return binary.LittleEndian.Uint32(b)
	}
	return 0
}

func (r *reader) u32be(what string) uint32 {
	if b := r.take(4, what); b != nil {
		return binary.BigEndian.Uint32(b)
	}
	return 0
}

func (r *reader) i32(what string) int32 { return int32(r.u32(what)) }

func (r *reader) u64(what string) uint64 {
	if b := r.take(8, what); b != nil {
		return binary.LittleEndian.Uint64(b)
	}
	return 0
}

func (r *reader) f64(what string) float64 { return math.Float64frombits(r.u64(what)) }
