package core

import (
	"bytes"
	"io"
)

// StreamingEncoder writes one message frame by frame to an io.Writer
// (docs/format.md, "What writers emit"): preamble with total_length 0, the caller's metadata
// verbatim in a HeaderMetadata frame, then per object an optional
// PrecederMetadata frame and the NTensorFrame, and at Finish the footer
// frames (FooterMetadata, FooterHash, FooterIndex) and the postamble.
//
// A StreamingEncoder is not safe for concurrent use.
type StreamingEncoder struct {
	w         io.Writer
	meta      *GlobalMetadata
	opts      EncodeOptions
	hashing   bool
	footHash  bool
	start     int64 // sink position of the message start (seekable sinks)
	pos       int   // bytes of the current message written so far
	descs     []*Descriptor
	offsets   []uint64
	lengths   []uint64
	slots     []uint64
	preceders []map[string]any
	pending   map[string]any
	havePend  bool
	finished  bool
	err       error
}

// NewStreamingEncoder starts a message on w. The aggregate hash policies
// Header and Both are rejected (the header is already written).
func NewStreamingEncoder(w io.Writer, meta *GlobalMetadata, opts *EncodeOptions) (*StreamingEncoder, error) {
	o := *opts.orDefault()
	if o.AggregateHash == HashHeader || o.AggregateHash == HashBoth {
		return nil, encodingErr("aggregate hash policy header/both is not supported by the streaming encoder: the header is written before any object; use footer")
	}
	if err := o.checkMaskMethods(); err != nil {
		return nil, err
	}
	if meta == nil {
		meta = &GlobalMetadata{}
	}
	e := &StreamingEncoder{w: w, meta: meta.Clone(), opts: o}
	e.meta.Raw = nil
	e.hashing = !o.NoHash
	e.footHash = e.hashing && (o.AggregateHash == HashAuto || o.AggregateHash == HashFooter)
	if err := e.begin(); err != nil {
		return nil, err
	}
	return e, nil
}

func (e *StreamingEncoder) begin() error {
	if s, ok := e.w.(io.Seeker); ok {
		if p, err := s.Seek(0, io.SeekCurrent); err == nil {
			e.start = p
		}
	}
	if b, ok := e.w.(*bytes.Buffer); ok {
		e.start = int64(b.Len())
	}
	e.pos = 0
	e.descs, e.offsets, e.lengths, e.slots, e.preceders = nil, nil, nil, nil, nil
	e.pending, e.havePend, e.finished = nil, false, false
	flags := FlagHeaderMetadata | FlagFooterMetadata | FlagFooterIndex | FlagPrecederMetadata
	if e.hashing {
		flags |= FlagHashesPresent
	}
	if e.footHash {
		flags |= FlagFooterHashes
	}
	var pre [PreambleSize]byte
	putPreamble(pre[:], flags, 0)
	if err := e.write(pre[:]); err != nil {
		return err
	}
	body, err := e.meta.MarshalCBOR()
	if err != nil {
		return err
	}
	return e.writeFrame(FrameHeaderMetadata, body)
}

func (e *StreamingEncoder) write(b []byte) error {
	if e.err != nil {
		return e.err
	}
	if _, err := e.w.Write(b); err != nil {
		e.err = ioErr(err, "streaming write failed")
		return e.err
	}
	e.pos += len(b)
	return nil
}

func (e *StreamingEncoder) pad() error {
	var z [8]byte
	return e.write(z[:align8(e.pos)-e.pos])
}

func (e *StreamingEncoder) writeFrame(t FrameType, body []byte) error {
	f := make([]byte, frameSize(len(body)))
	writeFrame(f, t, body, e.hashing)
	if err := e.write(f); err != nil {
		return err
	}
	return e.pad()
}

func (e *StreamingEncoder) usable() error {
	if e.finished {
		return encodingErr("StreamingEncoder already finished")
	}
	return e.err
}

// WritePreceder writes a PrecederMetadata frame for the next object.
func (e *StreamingEncoder) WritePreceder(m map[string]any) error {
	if err := e.usable(); err != nil {
		return err
	}
	if _, ok := m[reservedKey]; ok {
		return metadataErr("client code must not write to '_reserved_' in a preceder; it is populated by the library")
	}
	if e.havePend {
		return framingErr("PrecederMetadata already pending: write a data object before another preceder")
	}
	body, err := MarshalCanonical(map[string]any{"base": []any{m}})
	if err != nil {
		return err
	}
	if err := e.writeFrame(FramePrecederMetadata, body); err != nil {
		return err
	}
	e.pending, e.havePend = cloneMap(m), true
	return nil
}

// WriteObject encodes one object (same rules as Encode; with
// opts.PreEncoded the data is stored verbatim).
func (e *StreamingEncoder) WriteObject(in EncodeInput) error {
	return e.writeObject(in, &e.opts)
}

// WriteObjectPreEncoded stores already-encoded payload bytes verbatim.
func (e *StreamingEncoder) WriteObjectPreEncoded(in EncodeInput) error {
	o := e.opts
	o.PreEncoded = true
	return e.writeObject(in, &o)
}

func (e *StreamingEncoder) writeObject(in EncodeInput, opts *EncodeOptions) error {
	if err := e.usable(); err != nil {
		return err
	}
	po, err := prepareObject(in, opts, EffectiveThreads(opts.Threads))
	if err != nil {
		return err
	}
	f := make([]byte, po.frameLen)
	slot, err := po.writeDataFrame(f, e.hashing)
	if err != nil {
		return err
	}
	po.release()
	off := e.pos
	if err := e.write(f); err != nil {
		return err
	}
	if err := e.pad(); err != nil {
		return err
	}
	e.descs = append(e.descs, po.desc)
	e.offsets = append(e.offsets, uint64(off))
	e.lengths = append(e.lengths, uint64(po.frameLen))
	e.slots = append(e.slots, slot)
	if e.havePend {
		e.preceders = append(e.preceders, e.pending)
	} else {
		e.preceders = append(e.preceders, nil)
	}
	e.pending, e.havePend = nil, false
	return nil
}

// ObjectCount returns the number of objects written to the current message.
func (e *StreamingEncoder) ObjectCount() int { return len(e.descs) }

// Finish writes the footer frames and the postamble with total_length 0.
func (e *StreamingEncoder) Finish() error {
	_, err := e.finish()
	return err
}

func (e *StreamingEncoder) finish() (int, error) {
	if err := e.usable(); err != nil {
		return 0, err
	}
	if e.havePend {
		return 0, framingErr("dangling PrecederMetadata: no data-object frame followed")
	}
	prov := e.opts.Provenance
	if prov == nil {
		prov = NewProvenance()
	}
	g := &GlobalMetadata{Extra: e.meta.Extra, Base: baseWithTensors(e.meta.Base, e.descs, e.preceders)}
	g.Reserved = cloneMap(e.meta.Reserved)
	if g.Reserved == nil {
		g.Reserved = map[string]any{}
	}
	for k, v := range prov.toMap() {
		g.Reserved[k] = v
	}
	body, err := g.MarshalCBOR()
	if err != nil {
		return 0, err
	}
	firstFooter := e.pos
	if err := e.writeFrame(FrameFooterMetadata, body); err != nil {
		return 0, err
	}
	if e.footHash && len(e.descs) > 0 {
		if err := e.writeFrame(FrameFooterHash, hashFrameBody(e.slots)); err != nil {
			return 0, err
		}
	}
	if err := e.writeFrame(FrameFooterIndex, indexFrameBody(e.offsets, e.lengths)); err != nil {
		return 0, err
	}
	var post [PostambleSize]byte
	putPostamble(post[:], uint64(firstFooter), 0)
	if err := e.write(post[:]); err != nil {
		return 0, err
	}
	e.finished = true
	return e.pos, nil
}

// FinishBackfilled finishes like Finish, then writes the real message
// length into the preamble (message offset 16) and the postamble (end − 16).
// The sink must be a *bytes.Buffer, an io.WriterAt or an io.WriteSeeker;
// positions are relative to where the message started in the sink.
func (e *StreamingEncoder) FinishBackfilled() error {
	switch e.w.(type) {
	case *bytes.Buffer, io.WriterAt, io.WriteSeeker:
	default:
		return &Error{Kind: KindUnsupported, Msg: "back-filling needs a seekable sink (*bytes.Buffer, io.WriterAt or io.WriteSeeker)"}
	}
	total, err := e.finish()
	if err != nil {
		return err
	}
	var l [8]byte
	be.PutUint64(l[:], uint64(total))
	a, b := e.start+16, e.start+int64(total)-16
	switch w := e.w.(type) {
	case *bytes.Buffer:
		buf := w.Bytes()
		copy(buf[a:], l[:])
		copy(buf[b:], l[:])
	case io.WriterAt:
		if _, err := w.WriteAt(l[:], a); err != nil {
			return ioErr(err, "back-fill failed")
		}
		if _, err := w.WriteAt(l[:], b); err != nil {
			return ioErr(err, "back-fill failed")
		}
	case io.WriteSeeker:
		end := e.start + int64(total)
		for _, p := range []int64{a, b} {
			if _, err := w.Seek(p, io.SeekStart); err != nil {
				return ioErr(err, "back-fill seek failed")
			}
			if _, err := w.Write(l[:]); err != nil {
				return ioErr(err, "back-fill failed")
			}
		}
		if _, err := w.Seek(end, io.SeekStart); err != nil {
			return ioErr(err, "back-fill seek failed")
		}
	}
	return nil
}

// Restart begins a new message on the same sink with the same metadata and
// options (upstream finish_and_reset); the previous message must be finished.
func (e *StreamingEncoder) Restart() error {
	if !e.finished {
		return encodingErr("Restart needs a finished message")
	}
	return e.begin()
}
