package core

import (
	"os"
	"strconv"
	"sync"
	"unsafe"

	"github.com/tensogram-go/tensogram-go/core/internal/par"
)

// DecodeOptions tune decoding. The zero value gives upstream's defaults:
// no hash verification, host byte order, NaN/Inf restored, sequential.
type DecodeOptions struct {
	// VerifyHash checks every data-object frame digest (or only the requested
	// object's) before parsing; see docs/format.md, "Hashes".
	VerifyHash bool
	// WireOrder returns payload bytes in the descriptor's byte order instead
	// of the host's (upstream native_byte_order=false).
	WireOrder bool
	// KeepNonFinite leaves masked NaN/Inf positions as the stored zeros
	// (upstream restore_non_finite=false).
	KeepNonFinite bool
	// Threads decodes objects in parallel with up to this many goroutines;
	// 0 = sequential unless the TENSOGRAM_THREADS environment variable is set.
	Threads int
}

var envThreads = sync.OnceValue(func() int {
	n, err := strconv.Atoi(os.Getenv("TENSOGRAM_THREADS"))
	if err != nil || n < 0 {
		return 0
	}
	return n
})

// EffectiveThreads resolves a per-call thread budget: n if n > 0, else the
// TENSOGRAM_THREADS environment variable (read once per process), else 0.
func EffectiveThreads(n int) int {
	if n > 0 {
		return n
	}
	return envThreads()
}

func (o *DecodeOptions) orDefault() *DecodeOptions {
	if o == nil {
		return &DecodeOptions{}
	}
	return o
}

// Message is a fully decoded message.
type Message struct {
	Metadata *GlobalMetadata
	Objects  []DecodedObject
}

// DecodedObject is one decoded data object.
type DecodedObject struct {
	Descriptor *Descriptor
	// Data is the decoded tensor bytes (host order unless WireOrder).
	Data []byte
}

// Decode decodes the first message in buf completely.
func Decode(buf []byte, opts *DecodeOptions) (*Message, error) {
	opts = opts.orDefault()
	mv, err := parseMessageOpts(buf, opts, -1)
	if err != nil {
		return nil, err
	}
	out := &Message{Metadata: mv.Metadata, Objects: make([]DecodedObject, len(mv.Objects))}
	err = mv.ForEachObject(nil, opts.Threads, func(i int, ov *ObjectView) error {
		data, err := ov.Decode(opts)
		if err != nil {
			return err
		}
		out.Objects[i] = DecodedObject{Descriptor: ov.Descriptor, Data: data}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func parseMessageOpts(buf []byte, opts *DecodeOptions, which int) (*MessageView, error) {
	wo := walkOptions{verifyObject: -2}
	if opts.VerifyHash {
		wo.verifyObject = which
	}
	return parseMessage(buf, wo)
}

// DecodeObject decodes only object index of the first message in buf.
// With VerifyHash only that object's digest is checked.
func DecodeObject(buf []byte, index int, opts *DecodeOptions) (*GlobalMetadata, *DecodedObject, error) {
	opts = opts.orDefault()
	mv, ov, err := ParseObject(buf, index, opts.VerifyHash)
	if err != nil {
		return nil, nil, err
	}
	data, err := ov.Decode(opts)
	if err != nil {
		return nil, nil, err
	}
	return mv.Metadata, &DecodedObject{Descriptor: ov.Descriptor, Data: data}, nil
}

// ParseObject parses the message and returns object index (with its digest
// verified when verify is set), ready for DecodeInto. Like upstream's
// decode_object, the whole message is parsed (every descriptor, so a
// corrupt descriptor of another object fails the call) before the index is
// checked; no payload is decoded.
func ParseObject(buf []byte, index int, verify bool) (*MessageView, *ObjectView, error) {
	wo := walkOptions{verifyObject: -2}
	if verify {
		wo.verifyObject = max(index, 0)
	}
	mv, err := parseMessage(buf, wo)
	if err != nil {
		return nil, nil, err
	}
	if index < 0 || index >= len(mv.Objects) {
		return nil, nil, objectErr("object index %d out of range (num_objects=%d)", index, len(mv.Objects))
	}
	return mv, &mv.Objects[index], nil
}

// DecodeDescriptors returns the metadata and every descriptor of the first
// message in buf without decoding payloads.
func DecodeDescriptors(buf []byte) (*GlobalMetadata, []*Descriptor, error) {
	mv, err := ParseMessage(buf)
	if err != nil {
		return nil, nil, err
	}
	ds := make([]*Descriptor, len(mv.Objects))
	for i := range mv.Objects {
		ds[i] = mv.Objects[i].Descriptor
	}
	return mv.Metadata, ds, nil
}

// DecodeMetadata returns the first metadata frame of the first message in
// buf, un-merged and un-padded (upstream decode_metadata). Like upstream it
// reads only what leads to that frame: the preamble, then a walk from the
// end of the preamble to total_length-24 (len(buf)-24 when streaming) that
// steps byte-wise to the next "FR", checks each frame header and skips
// non-metadata frames by their length. The postamble, total_length against
// the buffer, frame order and everything after the metadata frame are not
// checked; the metadata frame itself is read against the whole buffer.
func DecodeMetadata(buf []byte) (*GlobalMetadata, error) {
	pre, err := ParsePreamble(buf)
	if err != nil {
		return nil, err
	}
	n := uint64(len(buf))
	end := n - PostambleSize // ParsePreamble guarantees len(buf) ≥ 24
	if pre.TotalLength > 0 {
		if pre.TotalLength < PostambleSize {
			return nil, framingErr("total_length %d too small for postamble", pre.TotalLength)
		}
		end = pre.TotalLength - PostambleSize
	}
	c := newFrameCursor(buf, int(min(end, n)), len(buf))
	for c.seek(nil) == stepFrame {
		hdr, err := c.header()
		if err != nil {
			return nil, err
		}
		pos := uint64(c.pos)
		if hdr.Type == FrameHeaderMetadata || hdr.Type == FrameFooterMetadata {
			fr, err := readFrame(buf, c.pos, hdr)
			if err != nil {
				return nil, err
			}
			return ParseGlobalMetadata(fr.body)
		}
		if hdr.TotalLength < FrameHeaderSize {
			return nil, framingErr("frame at offset %d total_length %d smaller than header size", pos, hdr.TotalLength)
		}
		if hdr.TotalLength >= end-pos {
			break // the next frame would start at or past the end
		}
		c.pos = int((pos + hdr.TotalLength + 7) &^ 7)
	}
	return nil, metadataErr("no metadata frame found in message")
}

// DecodedSize returns the exact byte length DecodeInto needs for this object.
func (o *ObjectView) DecodedSize() (int, error) {
	s, err := o.Descriptor.DecodedSize()
	if err != nil {
		return 0, err
	}
	if s > uint64(maxInt) {
		return 0, metadataErr("decoded size %d does not fit in memory", s)
	}
	return int(s), nil
}

const maxInt = int(^uint(0) >> 1)

// Decode decodes the object into a new buffer. The output is allocated only
// after the payload has been checked (raw pipelines) or decoded by the
// codecs (other pipelines), so a hostile shape cannot force a huge
// allocation.
func (o *ObjectView) Decode(opts *DecodeOptions) ([]byte, error) {
	opts = opts.orDefault()
	n, err := o.DecodedSize()
	if err != nil {
		return nil, err
	}
	d := o.Descriptor
	if d.Encoding == "none" && d.Filter == "none" && d.Compression == "none" {
		if err := o.Precheck(); err != nil {
			return nil, err
		}
		dst := make([]byte, n)
		if err := o.DecodeInto(dst, opts); err != nil {
			return nil, err
		}
		return dst, nil
	}
	p, err := BuildPipeline(d, d.Params, EffectiveThreads(opts.Threads))
	if err != nil {
		return nil, err
	}
	out, err := p.Decode(o.Payload, n)
	if err != nil {
		return nil, err
	}
	if aliases(out, o.Frame) {
		out = append([]byte(nil), out...)
	}
	if !opts.WireOrder && d.ByteOrder != NativeOrder {
		swapInPlace(out, d.DType.SwapUnit())
	}
	if !opts.KeepNonFinite && len(d.Masks) > 0 {
		order := NativeOrder
		if opts.WireOrder {
			order = d.ByteOrder
		}
		if err := o.restoreNonFinite(out, order, 0); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// aliases reports whether a lies inside b's backing memory.
func aliases(a, b []byte) bool {
	if len(a) == 0 || len(b) == 0 {
		return false
	}
	pa := uintptr(unsafe.Pointer(&a[0]))
	pb := uintptr(unsafe.Pointer(&b[0]))
	return pa >= pb && pa < pb+uintptr(cap(b))
}

// Precheck verifies, before any allocation, that a raw (all-"none") payload
// already has exactly the decoded size; callers allocating DecodedSize()
// bytes for DecodeInto should call it first. Other pipelines pass (their
// codecs bound their own output).
func (o *ObjectView) Precheck() error {
	d := o.Descriptor
	if d.Encoding == "none" && d.Filter == "none" && d.Compression == "none" {
		return o.sizeGate()
	}
	return nil
}

func (o *ObjectView) sizeGate() error {
	d := o.Descriptor
	want, err := d.DecodedSize()
	if err != nil {
		return err
	}
	if uint64(len(o.Payload)) != want {
		return encodingErr("descriptor claims %d decoded byte(s) but frame payload is %d byte(s) (encoding %s, dtype width %d)", want, len(o.Payload), d.Encoding, d.DType.Size())
	}
	return nil
}

// DecodeInto decodes the object into dst, which must be exactly
// DecodedSize() bytes. For the all-"none" pipeline this is a single copy (or
// byte-swapping copy) from the frame into dst; codec pipelines write their
// last stage's output straight into dst (Pipeline.DecodeInto). On error,
// dst holds unspecified bytes.
func (o *ObjectView) DecodeInto(dst []byte, opts *DecodeOptions) error {
	opts = opts.orDefault()
	d := o.Descriptor
	want, err := o.DecodedSize()
	if err != nil {
		return err
	}
	if len(dst) != want {
		return encodingErr("destination is %d bytes, object decodes to %d", len(dst), want)
	}
	swap := 0
	if !opts.WireOrder && d.ByteOrder != NativeOrder {
		swap = d.DType.SwapUnit()
	}
	if d.Encoding == "none" && d.Filter == "none" && d.Compression == "none" {
		if _, err := BuildPipeline(d, d.Params, 0); err != nil {
			return err
		}
		if err := o.sizeGate(); err != nil {
			return err
		}
		copySwap(dst, o.Payload, swap)
	} else {
		p, err := BuildPipeline(d, d.Params, EffectiveThreads(opts.Threads))
		if err != nil {
			return err
		}
		if err := p.DecodeInto(dst, o.Payload); err != nil {
			return err
		}
		if swap > 1 {
			swapInPlace(dst, swap)
		}
	}
	if !opts.KeepNonFinite && len(d.Masks) > 0 {
		order := NativeOrder
		if opts.WireOrder {
			order = d.ByteOrder
		}
		return o.restoreNonFinite(dst, order, 0)
	}
	return nil
}

// parallelFor runs f(0..n-1) on up to threads goroutines (sequentially when
// threads ≤ 1) and returns the error of the lowest failing index; see
// par.ForEach. The encoder's object loops use it.
func parallelFor(n, threads int, f func(i int) error) error {
	return par.ForEach(n, threads, f)
}
