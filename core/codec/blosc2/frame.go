package blosc2

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
)

// Frame header layout: a msgpack array whose fixed-width fields sit at
// fixed positions (integers big-endian, as msgpack stores them).
const (
	frameMagic        = "b2frame\x00"
	posHeaderLen      = 11 // int32 (after 0xd2)
	posFrameLen       = 16 // uint64 (after 0xcf)
	posGeneralFlags   = 25
	posFrameType      = 26
	posCodecFlags     = 27
	posNbytes         = 30 // int64 (after 0xd3)
	posCbytes         = 39 // int64 (after 0xd3)
	posTypesize       = 48 // int32 (after 0xd2)
	posBlocksize      = 53 // int32 (after 0xd2)
	posChunksize      = 58 // int32 (after 0xd2)
	posFilters        = 71 // 6 filter codes
	posFiltersMeta    = 79 // 6 filter meta bytes
	frameHeaderMinLen = 87
	offsets64         = 1 // general flags bits 4..5: 64-bit chunk offsets
)

// Frame is a parsed contiguous frame. Its methods never modify the bytes
// it was parsed from and are safe for concurrent use.
type Frame struct {
	data      []byte
	headerLen int
	nbytes    int64
	cbytes    int64
	typesize  int
	chunksize int64
	offsets   []int64 // per chunk: offset in the chunks section, or < 0 (special)
	starts    []int64 // per chunk: first decoded byte; len(offsets)+1 entries
}

// ParseFrame parses the frame at the start of b (b may extend past it) and
// checks its header, its chunk index and every chunk's header against b.
// A frame that would decode to more than the WithMaxSize limit is
// ErrSizeLimit. The chunk index it allocates holds at most
// min(decoded size, 8×len(b)+1024) entries.
func ParseFrame(b []byte, opts ...Option) (*Frame, error) {
	o := newOptions(opts)
	f, err := parseFrameHeader(b)
	if err != nil {
		return nil, err
	}
	if o.maxSize >= 0 && f.nbytes > o.maxSize {
		return nil, sizeLimit(f.nbytes, o.maxSize)
	}
	if err := f.readIndex(); err != nil {
		return nil, err
	}
	return f, nil
}

// parseFrameHeader reads the fixed part of the frame header.
func parseFrameHeader(b []byte) (*Frame, error) {
	if len(b) < frameHeaderMinLen {
		return nil, corrupt("frame of %d bytes is shorter than its header", len(b))
	}
	if b[0]&0xf0 != 0x90 || b[1] != 0xa8 || !bytes.Equal(b[2:10], []byte(frameMagic)) {
		return nil, corrupt("no b2frame magic")
	}
	if b[10] != 0xd2 || b[15] != 0xcf || b[29] != 0xd3 || b[38] != 0xd3 || b[47] != 0xd2 || b[57] != 0xd2 {
		return nil, corrupt("frame header fields are not where c-blosc2 puts them")
	}
	hl := int64(int32(binary.BigEndian.Uint32(b[posHeaderLen:])))
	fl := binary.BigEndian.Uint64(b[posFrameLen:])
	if hl < frameHeaderMinLen || uint64(hl) > fl || fl > uint64(len(b)) {
		return nil, corrupt("frame header length %d, frame length %d, %d bytes available", hl, fl, len(b))
	}
	if gf := b[posGeneralFlags]; gf>>4&3 != offsets64 {
		return nil, unsupported("chunk offsets of width code %d", gf>>4&3)
	}
	if ft := b[posFrameType] & 0x0f; ft != 0 {
		return nil, unsupported("frame type %d (only contiguous frames)", ft)
	}
	f := &Frame{data: b[:fl], headerLen: int(hl)}
	f.nbytes = int64(binary.BigEndian.Uint64(b[posNbytes:]))
	f.cbytes = int64(binary.BigEndian.Uint64(b[posCbytes:]))
	f.typesize = int(int32(binary.BigEndian.Uint32(b[posTypesize:])))
	f.chunksize = int64(int32(binary.BigEndian.Uint32(b[posChunksize:])))
	if f.chunksize == -1 { // an empty frame's chunksize is not yet known
		f.chunksize = 0
	}
	if f.nbytes < 0 || f.cbytes < 0 || f.cbytes > int64(fl)-hl || f.typesize <= 0 || f.chunksize < 0 {
		return nil, corrupt("frame header: nbytes %d, cbytes %d, typesize %d, chunksize %d",
			f.nbytes, f.cbytes, f.typesize, f.chunksize)
	}
	if f.nbytes > math.MaxInt {
		return nil, sizeLimit(f.nbytes, math.MaxInt)
	}
	return f, nil
}

// readIndex decodes the chunk offsets index that follows the chunks and
// derives each chunk's decoded start.
func (f *Frame) readIndex() error {
	if f.nbytes == 0 {
		f.starts = []int64{0}
		return nil
	}
	pos := int64(f.headerLen) + f.cbytes
	ic, err := parseChunk(f.data[pos:])
	if err != nil {
		return fmt.Errorf("chunk index: %w", err)
	}
	n := ic.h.nbytes / 8
	if ic.h.nbytes%8 != 0 || n == 0 || int64(n) > f.nbytes || n > 8*len(f.data)+1024 {
		return corrupt("chunk index of %d bytes for %d decoded bytes", ic.h.nbytes, f.nbytes)
	}
	if f.chunksize > 0 && int64(n) != (f.nbytes+f.chunksize-1)/f.chunksize {
		return corrupt("%d chunks of %d bytes cannot hold %d bytes", n, f.chunksize, f.nbytes)
	}
	raw := make([]byte, ic.h.nbytes)
	if err := ic.decodeInto(raw, 1); err != nil {
		return fmt.Errorf("chunk index: %w", err)
	}
	f.offsets = make([]int64, n)
	f.starts = make([]int64, n+1)
	for i := range f.offsets {
		f.offsets[i] = int64(binary.LittleEndian.Uint64(raw[8*i:]))
		size, err := f.chunkSize(i)
		if err != nil {
			return err
		}
		f.starts[i+1] = f.starts[i] + size
	}
	if f.starts[n] != f.nbytes {
		return corrupt("chunks hold %d bytes, frame header says %d", f.starts[n], f.nbytes)
	}
	return nil
}

// chunkSize returns the decoded size of chunk i, reading its header.
func (f *Frame) chunkSize(i int) (int64, error) {
	off := f.offsets[i]
	if off < 0 {
		if f.chunksize == 0 {
			return 0, corrupt("special chunk %d in a frame without a fixed chunksize", i)
		}
		return min(f.chunksize, f.nbytes-f.starts[i]), nil
	}
	if off >= f.cbytes {
		return 0, corrupt("chunk %d at offset %d outside the %d-byte chunks section", i, off, f.cbytes)
	}
	p := int64(f.headerLen) + off
	h, err := parseChunkHeader(f.data[p : int64(f.headerLen)+f.cbytes])
	if err != nil {
		return 0, fmt.Errorf("chunk %d: %w", i, err)
	}
	return int64(h.nbytes), nil
}

// DecodedSize returns the number of bytes the frame decodes to.
func (f *Frame) DecodedSize() int64 { return f.nbytes }

// NumChunks returns the number of chunks.
func (f *Frame) NumChunks() int { return len(f.offsets) }

// Typesize returns the frame's typesize (item size in bytes).
func (f *Frame) Typesize() int { return f.typesize }

// chunk returns parsed chunk i (a synthesised special chunk for a special
// index entry).
func (f *Frame) chunk(i int) (*chunk, error) {
	off := f.offsets[i]
	size := int(f.starts[i+1] - f.starts[i])
	if off < 0 {
		kind := int(byte(uint64(off)>>56) & 0x7f)
		switch kind {
		case specialZero, specialUninit, specialNaN:
		default:
			return nil, unsupported("special chunk offset kind %d", kind)
		}
		ts := f.typesize
		if kind == specialNaN && ts != 4 && ts != 8 {
			return nil, corrupt("NaN chunk with typesize %d", ts)
		}
		return &chunk{h: chunkHeader{typesize: ts, nbytes: size, b2flags: byte(kind << specialShift)}}, nil
	}
	p := int64(f.headerLen) + off
	c, err := parseChunk(f.data[p : int64(f.headerLen)+f.cbytes])
	if err != nil {
		return nil, fmt.Errorf("chunk %d: %w", i, err)
	}
	if c.h.nbytes != size {
		return nil, corrupt("chunk %d changed size", i)
	}
	return c, nil
}
