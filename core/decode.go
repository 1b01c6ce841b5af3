package core

import (
	"strconv"
	"sync"

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
	n, err := strconv.Atoi(Getenv("TENSOGRAM_THREADS"))
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

// Decode decodes every object of the first message in buf (trailing bytes
// are ignored) and returns the metadata and, per object, its descriptor and
// tensor bytes in host byte order (see DecodeOptions). Values and
// DecodeValues give the bytes as a typed slice.
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
	return parseObject(buf, index, verify, walkOptions{verifyObject: -2})
}

// ParseObjectRaw is ParseObject for callers that pass the metadata on as
// CBOR or do not read it: like ParseMessageRaw, the metadata maps are not
// built when no PrecederMetadata needs merging (mv.Metadata is then nil and
// mv.MetadataCBOR holds the frame's CBOR item) and the index and hash
// frames are checked but not kept (mv.Index, mv.Hashes nil); every check and
// error is ParseObject's.
func ParseObjectRaw(buf []byte, index int, verify bool) (*MessageView, *ObjectView, error) {
	return parseObject(buf, index, verify, walkOptions{verifyObject: -2, rawMeta: true})
}

// parseObject is ParseObject with the walk options wo (verifyObject is set
// from index when verify).
func parseObject(buf []byte, index int, verify bool, wo walkOptions) (*MessageView, *ObjectView, error) {
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

// parseObjectOnly is ParseObjectRaw(buf, index, false) for callers that
// need nothing but object index: every check and error is the same, but
// no MessageView is built, the index and hash frames are checked without
// being kept and the other objects are dropped once checked.
func parseObjectOnly(buf []byte, index int) (ObjectView, error) {
	mb := messageBuilder{rawMeta: true, only: true, target: index}
	if err := mb.walk(buf, walkOptions{verifyObject: -2}); err != nil {
		return ObjectView{}, err
	}
	if err := mb.checkEnd(); err != nil {
		return ObjectView{}, err
	}
	if index < 0 || index >= mb.objects {
		return ObjectView{}, objectErr("object index %d out of range (num_objects=%d)", index, mb.objects)
	}
	return mb.obj, nil
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
	body, err := firstMetadataBody(buf)
	if err != nil {
		return nil, err
	}
	return ParseGlobalMetadata(body)
}

// DecodeMetadataCBOR is DecodeMetadata for callers that pass the metadata on
// as CBOR: it returns the first metadata frame's CBOR item (DecodeMetadata's
// Raw), checked by the same rules and with the same errors, without building
// the metadata maps.
func DecodeMetadataCBOR(buf []byte) ([]byte, error) {
	body, err := firstMetadataBody(buf)
	if err != nil {
		return nil, err
	}
	if item, _, ok := skimGlobalMetadata(body); ok {
		return item, nil
	}
	g, err := ParseGlobalMetadata(body)
	if err != nil {
		return nil, err
	}
	return g.Raw, nil
}

// firstMetadataBody returns the body of the frame DecodeMetadata parses.
func firstMetadataBody(buf []byte) ([]byte, error) {
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
			return fr.body, nil
		}
		if hdr.TotalLength < FrameHeaderSize {
			return nil, framingErr("frame at offset %d total_length %d smaller than header size", pos, hdr.TotalLength)
		}
		if hdr.TotalLength >= end-pos {
			break // the next frame would start at or past the end
		}
		next := (pos + hdr.TotalLength + 7) &^ 7 // < end + 8: no overflow
		if next >= n {
			break // past the buffer (total_length may claim more than it holds)
		}
		c.pos = int(next)
	}
	return nil, metadataErr("no metadata frame found in message")
}

// parallelFor runs f(0..n-1) on up to threads goroutines (sequentially when
// threads ≤ 1) and returns the error of the lowest failing index; see
// par.ForEach. The encoder's object loops use it.
func parallelFor(n, threads int, f func(i int) error) error {
	return par.ForEach(n, threads, f)
}

// ForEachObject calls fn(k, ov) for each selected object of mv: which lists
// object indices (nil selects every object, in order) and k is the position
// in that selection, so a caller can fill a result slot k per object. The
// calls run on up to threads goroutines, counting the calling one, with the
// same budget rule as DecodeOptions.Threads (0 = TENSOGRAM_THREADS, else
// sequential); with a budget of 1 or a single object fn runs on the calling
// goroutine in selection order and no goroutine is started. fn must be
// safe for concurrent use on distinct objects.
//
// It returns the error of the lowest k whose call failed, as a sequential
// loop would report it; sequentially, the objects after it are not visited.
// Every selected index is checked before fn is first called: an index out
// of range fails as ParseObject does, and fn is then never called. This is
// the object loop of Decode, exported so that bindings can decode straight
// into their own buffers, allocated inside fn.
func (mv *MessageView) ForEachObject(which []int, threads int, fn func(k int, ov *ObjectView) error) error {
	n := len(mv.Objects)
	if which == nil {
		return par.ForEach(n, EffectiveThreads(threads), func(k int) error {
			return fn(k, &mv.Objects[k])
		})
	}
	for _, i := range which {
		if i < 0 || i >= n {
			return objectErr("object index %d out of range (num_objects=%d)", i, n)
		}
	}
	return par.ForEach(len(which), EffectiveThreads(threads), func(k int) error {
		return fn(k, &mv.Objects[which[k]])
	})
}
