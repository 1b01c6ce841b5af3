package core

// Buffered encoding: Encode lays out and writes one whole message. The
// per-object work is in encode_object.go, frame writers in frame_write.go,
// options in encode_options.go.

// Encode returns one complete message holding objs in order, with meta as
// its global metadata (nil: none; meta.Base[i] describes object i and may
// be shorter than objs) and opts tuning hashing, NaN/Inf handling, threads
// and provenance (nil: defaults). Each EncodeInput is a descriptor plus the
// raw tensor bytes (TensorOf builds one from a typed slice). Nothing the
// caller passes is modified, and with the all-"none" pipeline the data is
// copied once, straight into the output.
//
// The layout is the buffered one (docs/format.md, "What writers emit"):
// HeaderMetadata, HeaderIndex, HeaderHash (per policy), data frames,
// FooterHash (per policy), postamble. The output buffer is obtained once
// from opts.Alloc.
func Encode(meta *GlobalMetadata, objs []EncodeInput, opts *EncodeOptions) ([]byte, error) {
	opts = opts.orDefault()
	if meta == nil {
		meta = &GlobalMetadata{}
	}
	if err := meta.validateForEncode(len(objs)); err != nil {
		return nil, err
	}
	if err := opts.checkMaskMethods(); err != nil {
		return nil, err
	}
	threads := EffectiveThreads(opts.Threads)
	pos, err := prepareAll(objs, opts, threads)
	if err != nil {
		return nil, err
	}
	prov := opts.Provenance
	if prov == nil {
		prov = NewProvenance()
	}
	descs := make([]*Descriptor, len(pos))
	for i, p := range pos {
		descs[i] = p.desc
	}
	metaCBOR, err := enrichedMetadata(meta, descs, prov).MarshalCBOR()
	if err != nil {
		return nil, deferredFirst(pos, err)
	}
	lay, err := planBuffered(len(metaCBOR), pos, opts)
	if err != nil {
		return nil, deferredFirst(pos, err)
	}
	out, err := allocMessage(opts, lay.total)
	if err != nil {
		return nil, deferredFirst(pos, err)
	}
	if err := lay.write(out, metaCBOR, pos, threads); err != nil {
		return nil, err
	}
	return out, nil
}

// bufferedLayout places the frames of a buffered message: every offset is
// known before anything is written, so the index frame can list them.
type bufferedLayout struct {
	hashing, headerHash, footerHash bool
	// hashLen is the length of a hash frame body for this object count.
	hashLen int
	// indexCBOR is the HeaderIndex body (nil without objects).
	indexCBOR                                                   []byte
	metaEnd, indexAt, headerHashAt, footerHashAt, postAt, total int
	dataAt                                                      []int
}

// planBuffered lays out a message with a metadata body of metaLen bytes
// and the prepared objects, per the hash options.
func planBuffered(metaLen int, pos []*preparedObject, opts *EncodeOptions) (bufferedLayout, error) {
	n := len(pos)
	l := bufferedLayout{hashing: !opts.NoHash}
	l.headerHash = l.hashing && n > 0 && (opts.AggregateHash == HashAuto || opts.AggregateHash == HashHeader || opts.AggregateHash == HashBoth)
	l.footerHash = l.hashing && n > 0 && (opts.AggregateHash == HashFooter || opts.AggregateHash == HashBoth)
	if l.headerHash || l.footerHash {
		l.hashLen = hashFrameBodyLen(n)
	}
	l.metaEnd = PreambleSize + align8(frameSize(metaLen))
	offsets := make([]uint64, n)
	if n > 0 {
		lengths := make([]uint64, n)
		for i, p := range pos {
			lengths[i] = uint64(p.frameLen)
		}
		h := l.metaEnd
		if l.headerHash {
			h += align8(frameSize(l.hashLen))
		}
		var err error
		if l.indexCBOR, offsets, err = twoPassIndex(h, lengths); err != nil {
			return l, err
		}
	}
	cur := l.metaEnd
	l.indexAt = cur
	if n > 0 {
		cur += align8(frameSize(len(l.indexCBOR)))
	}
	l.headerHashAt = cur
	if l.headerHash {
		cur += align8(frameSize(l.hashLen))
	}
	if n > 0 && uint64(cur) != offsets[0] {
		return l, framingErr("internal layout error: first data frame at %d, index says %d", cur, offsets[0])
	}
	l.dataAt = make([]int, n)
	for i, p := range pos {
		l.dataAt[i] = cur
		cur += align8(p.frameLen)
	}
	l.footerHashAt = cur
	if l.footerHash {
		cur += align8(frameSize(l.hashLen))
	}
	l.postAt = cur
	l.total = cur + PostambleSize
	return l, nil
}

// allocMessage obtains the n-byte output buffer from opts.Alloc (default make).
func allocMessage(opts *EncodeOptions, n int) ([]byte, error) {
	alloc := opts.Alloc
	if alloc == nil {
		alloc = func(n int) []byte { return make([]byte, n) }
	}
	out := alloc(n)
	if len(out) != n {
		return nil, encodingErr("allocator returned %d bytes, need %d", len(out), n)
	}
	return out, nil
}

// flags returns the preamble flags of the layout.
func (l *bufferedLayout) flags() uint16 {
	flags := FlagHeaderMetadata
	if len(l.dataAt) > 0 {
		flags |= FlagHeaderIndex
	}
	if l.headerHash {
		flags |= FlagHeaderHashes
	}
	if l.footerHash {
		flags |= FlagFooterHashes
	}
	if l.hashing {
		flags |= FlagHashesPresent
	}
	return flags
}

// write fills out (l.total bytes, possibly dirty) with the message: data
// frames in parallel on up to threads goroutines, then the hash frames
// listing their digests.
func (l *bufferedLayout) write(out, metaCBOR []byte, pos []*preparedObject, threads int) error {
	n := len(pos)
	putPreamble(out, l.flags(), uint64(l.total))
	zeroPad(out, PreambleSize+writeFrame(out[PreambleSize:], FrameHeaderMetadata, metaCBOR, l.hashing), l.metaEnd)
	if n > 0 {
		zeroPad(out, l.indexAt+writeFrame(out[l.indexAt:], FrameHeaderIndex, l.indexCBOR, l.hashing), l.headerHashAt)
	}
	slots := make([]uint64, n)
	err := parallelFor(n, threads, func(i int) error {
		s := l.dataAt[i]
		var err error
		slots[i], err = pos[i].writeDataFrame(out[s:], l.hashing)
		zeroPad(out, s+pos[i].frameLen, s+align8(pos[i].frameLen))
		if err == nil {
			pos[i].release()
		}
		return err
	})
	if err != nil {
		return err
	}
	if l.headerHash || l.footerHash {
		hb := hashFrameBody(slots)
		if l.headerHash {
			zeroPad(out, l.headerHashAt+writeFrame(out[l.headerHashAt:], FrameHeaderHash, hb, l.hashing), l.headerHashAt+align8(frameSize(l.hashLen)))
		}
		if l.footerHash {
			zeroPad(out, l.footerHashAt+writeFrame(out[l.footerHashAt:], FrameFooterHash, hb, l.hashing), l.postAt)
		}
	}
	putPostamble(out[l.postAt:], uint64(l.footerHashAt), uint64(l.total))
	return nil
}

// twoPassIndex builds the HeaderIndex CBOR whose offsets account for the
// index frame's own size (docs/format.md, "Index frames"). h is the message offset just
// past the metadata frame plus the header hash frame.
func twoPassIndex(h int, lengths []uint64) ([]byte, []uint64, error) {
	n := len(lengths)
	offsets := make([]uint64, n)
	fill := func(start int) {
		o := uint64(start)
		for i := range offsets {
			offsets[i] = o
			o, _ = align8u(o + lengths[i])
		}
	}
	c0 := indexFrameBody(offsets, lengths)
	s0 := align8(frameSize(len(c0)))
	fill(h + s0)
	c1 := indexFrameBody(offsets, lengths)
	if len(c1) == len(c0) {
		return c1, offsets, nil
	}
	s1 := align8(frameSize(len(c1)))
	fill(h + s1)
	c2 := indexFrameBody(offsets, lengths)
	if align8(frameSize(len(c2))) != s1 {
		return nil, nil, framingErr("index CBOR size changed unexpectedly on third pass")
	}
	return c2, offsets, nil
}

// enrichedMetadata builds the metadata map written by the encoder: base padded
// to n entries, each with `_reserved_.tensor`, plus provenance.
func enrichedMetadata(meta *GlobalMetadata, descs []*Descriptor, prov *Provenance) *GlobalMetadata {
	g := &GlobalMetadata{Extra: meta.Extra, Base: baseWithTensors(meta.Base, descs, nil)}
	g.Reserved = prov.toMap()
	return g
}

// baseWithTensors returns the base entries an encoder writes for descs: a
// copy of src[i] (empty when absent) with `_reserved_.tensor` set to the
// descriptor's summary, then the entries of over[i] (preceder metadata,
// when over is not nil) set over it.
func baseWithTensors(src []map[string]any, descs []*Descriptor, over []map[string]any) []map[string]any {
	base := make([]map[string]any, len(descs))
	for i, d := range descs {
		var b map[string]any
		if i < len(src) {
			b = cloneMap(src[i])
		}
		if b == nil {
			b = map[string]any{}
		}
		b[reservedKey] = map[string]any{"tensor": tensorSummary(d)}
		if i < len(over) {
			for k, v := range over[i] {
				b[k] = v
			}
		}
		base[i] = b
	}
	return base
}
