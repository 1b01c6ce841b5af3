package core

import (
	"crypto/rand"
	"fmt"
	"time"

	"github.com/zeebo/xxh3"
)

// AggregateHash selects where aggregate hash frames go (upstream
// aggregate_hash policy).
type AggregateHash int

// Aggregate hash policies.
const (
	// HashAuto is upstream's default: header in buffered mode, footer in streaming mode.
	HashAuto AggregateHash = iota
	HashPolicyNone
	HashHeader
	HashFooter
	HashBoth
)

// ParseAggregateHash maps upstream's names ("auto", "none", "header",
// "footer", "both"; "" = auto) to a policy.
func ParseAggregateHash(s string) (AggregateHash, error) {
	switch s {
	case "", "auto":
		return HashAuto, nil
	case "none":
		return HashPolicyNone, nil
	case "header":
		return HashHeader, nil
	case "footer":
		return HashFooter, nil
	case "both":
		return HashBoth, nil
	}
	return 0, encodingErr("unknown aggregate_hash policy %q (expected auto, none, header, footer or both)", s)
}

// ParseHashName maps upstream's hash argument ("xxh3", or "none"/"" for no
// hashing) to EncodeOptions.NoHash.
func ParseHashName(s string) (noHash bool, err error) {
	switch s {
	case HashAlgorithmXXH3:
		return false, nil
	case "", "none":
		return true, nil
	}
	return false, metadataErr("unknown hash type: %s", s)
}

// CheckMaskMethodName validates a mask method name given as an option.
func CheckMaskMethodName(name string) error {
	if name == "" || IsKnownStageName(StageMask, name) {
		return nil
	}
	return encodingErr("unknown mask method %q; expected one of \"none\", \"rle\", \"roaring\", \"lz4\", \"zstd\", \"blosc2\"", name)
}

// Provenance is the message-level `_reserved_` content the encoder writes.
type Provenance struct {
	EncoderName    string
	EncoderVersion string
	Time           string // YYYY-MM-DDThh:mm:ssZ
	UUID           string // RFC 4122 v4, lower case
}

// NewProvenance returns this build's provenance with the current time and a
// fresh random UUID.
func NewProvenance() *Provenance {
	return &Provenance{EncoderName: EncoderName, EncoderVersion: Version,
		Time: time.Now().UTC().Format("2006-01-02T15:04:05Z"), UUID: newUUID()}
}

func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

func (p *Provenance) toMap() map[string]any {
	return map[string]any{
		"encoder": map[string]any{"name": p.EncoderName, "version": p.EncoderVersion},
		"time":    p.Time,
		"uuid":    p.UUID,
	}
}

// EncodeOptions tune Encode. The zero value gives upstream's defaults:
// hashing on, aggregate policy auto, NaN/Inf rejected, masks "roaring" with a
// 128-byte small-mask threshold, sequential, fresh provenance.
type EncodeOptions struct {
	// NoHash disables frame hashing (upstream hash=None).
	NoHash bool
	// AggregateHash places the aggregate hash frame(s).
	AggregateHash AggregateHash
	// AllowNaN / AllowInf substitute non-finite floats with 0 and record masks.
	AllowNaN, AllowInf bool
	// Mask methods per kind; "" = "roaring".
	NaNMaskMethod, PosInfMaskMethod, NegInfMaskMethod string
	// SmallMaskThreshold: masks of at most this many bytes use method
	// "none". 0 = default (128); negative = disabled.
	SmallMaskThreshold int
	// PreEncoded stores each object's Data verbatim as the encoded payload
	// (upstream encode_pre_encoded): no NaN/Inf scan, no pipeline run.
	PreEncoded bool
	// Threads prepares and writes objects in parallel (output is identical
	// for every value); 0 = sequential unless TENSOGRAM_THREADS is set.
	Threads int
	// Alloc obtains the output buffer of exactly n bytes (default make).
	Alloc func(n int) []byte
	// Provenance pins `_reserved_` (nil = NewProvenance()).
	Provenance *Provenance
}

// EncodeInput is one object to encode.
type EncodeInput struct {
	// Descriptor gives dtype, shape, byte order and pipeline; it is not modified.
	Descriptor *Descriptor
	// Data is the raw tensor (or, with PreEncoded, the encoded payload).
	Data []byte
	// DataOrder is the byte order of Data when it differs from
	// Descriptor.ByteOrder (e.g. NativeOrder for host arrays); 0 = Data is
	// already in the descriptor's order. Conversion happens while writing.
	DataOrder ByteOrder
}

// preparedObject is one object ready to be framed.
type preparedObject struct {
	desc     *Descriptor
	descCBOR []byte
	payload  []byte // encoded tensor (may alias the caller's data)
	swap     int    // >1: swap payload with this unit while writing
	blobs    [][]byte
	frameLen int
}

func (o *EncodeOptions) orDefault() *EncodeOptions {
	if o == nil {
		return &EncodeOptions{}
	}
	return o
}

func (o *EncodeOptions) maskMethod(kind string) string {
	m := map[string]string{MaskNaN: o.NaNMaskMethod, MaskPosInf: o.PosInfMaskMethod, MaskNegInf: o.NegInfMaskMethod}[kind]
	if m == "" {
		return "roaring"
	}
	return m
}

func (o *EncodeOptions) checkMaskMethods() error {
	for _, m := range []string{o.NaNMaskMethod, o.PosInfMaskMethod, o.NegInfMaskMethod} {
		if err := CheckMaskMethodName(m); err != nil {
			return err
		}
	}
	return nil
}

func (o *EncodeOptions) threshold() int {
	switch {
	case o.SmallMaskThreshold == 0:
		return 128
	case o.SmallMaskThreshold < 0:
		return 0
	}
	return o.SmallMaskThreshold
}

// prepareObject validates one object and runs its pipeline: NaN/Inf
// substitution and masks, parameters the stages resolve from the values,
// encoding, the descriptor to write (docs/codecs.md, "Pipeline").
func prepareObject(in EncodeInput, opts *EncodeOptions, threads int) (*preparedObject, error) {
	d := in.Descriptor
	if err := checkEncodeInput(in, opts); err != nil {
		return nil, err
	}
	params := cloneMap(d.Params)
	if params == nil {
		params = map[string]any{}
	}
	out := d.Clone()
	out.Raw = nil
	out.Masks = nil
	unit := d.DType.SwapUnit()
	needSwap := in.DataOrder != 0 && in.DataOrder != d.ByteOrder && unit > 1 && !opts.PreEncoded
	data := in.Data
	var masks map[string][]byte
	var err error
	if !opts.PreEncoded {
		order := d.ByteOrder
		if needSwap {
			order = in.DataOrder
		}
		if data, masks, err = substituteNonFinite(data, d.DType, order, opts.AllowNaN, opts.AllowInf); err != nil {
			return nil, err
		}
		// Parameters derived from the values see the original values.
		if err := resolveStageParams(d, params, in.Data, order); err != nil {
			return nil, err
		}
	}
	p, err := BuildPipeline(d, params, threads)
	if err != nil {
		return nil, err
	}
	po := &preparedObject{desc: out}
	if opts.PreEncoded || p.Raw {
		po.payload = data
		if needSwap {
			po.swap = unit
		}
	} else {
		if needSwap {
			sw := make([]byte, len(data))
			copySwap(sw, data, unit)
			data = sw
		}
		if po.payload, err = p.Encode(data); err != nil {
			return nil, err
		}
	}
	out.Params = params
	if len(params) == 0 {
		out.Params = nil
	}
	if err := po.addMasks(masks, p.Ctx.NumElements, opts); err != nil {
		return nil, err
	}
	if po.descCBOR, err = out.MarshalCBOR(); err != nil {
		return nil, err
	}
	po.frameLen = FrameHeaderSize + po.regionLen() + len(po.descCBOR) + DataFrameFooterSize
	return po, nil
}

// checkEncodeInput checks an object before anything is computed: the
// descriptor, its mask methods, the data length and the stage rules.
func checkEncodeInput(in EncodeInput, opts *EncodeOptions) error {
	d := in.Descriptor
	if d == nil {
		return metadataErr("missing descriptor")
	}
	if err := d.validateForEncode(); err != nil {
		return err
	}
	for _, k := range maskKinds {
		if mi, ok := d.Masks[k]; ok {
			if err := checkMaskMethod(mi.Method, mi.Params); err != nil {
				return err
			}
		}
	}
	n, _ := d.NumElements()
	expected, _ := d.DType.ByteSize(n)
	rawPipeline := d.Encoding == "none" && d.Filter == "none" && d.Compression == "none"
	if d.Encoding == "none" && uint64(len(in.Data)) != expected && (!opts.PreEncoded || rawPipeline) {
		return metadataErr("data_len %d does not match expected %d bytes from shape and dtype", len(in.Data), expected)
	}
	// Every encoding the format defines takes the raw tensor as input.
	if d.Encoding != "none" && IsKnownStageName(StageEncoding, d.Encoding) && !opts.PreEncoded && uint64(len(in.Data)) != expected {
		return metadataErr("data_len %d does not match expected %d bytes from shape and dtype", len(in.Data), expected)
	}
	return checkStageRules(d, opts.PreEncoded, len(in.Data))
}

// addMasks encodes the NaN/Inf masks (packed bits of n elements per kind)
// after the payload and records them in the descriptor to write.
func (po *preparedObject) addMasks(masks map[string][]byte, n uint64, opts *EncodeOptions) error {
	if len(masks) == 0 {
		return nil
	}
	out := po.desc
	out.Masks = map[string]MaskInfo{}
	off := uint64(len(po.payload))
	for _, k := range maskKinds {
		bits, ok := masks[k]
		if !ok {
			continue
		}
		method := opts.maskMethod(k)
		if len(bits) <= opts.threshold() {
			method = "none"
		}
		codec, err := lookupMaskCodec(method)
		if err != nil {
			return err
		}
		blob, err := codec.EncodeMask(bits, n, nil)
		if err != nil {
			return err
		}
		out.Masks[k] = MaskInfo{Offset: off, Length: uint64(len(blob)), Method: method}
		off += uint64(len(blob))
		po.blobs = append(po.blobs, blob)
	}
	return nil
}

func (po *preparedObject) regionLen() int {
	n := len(po.payload)
	for _, b := range po.blobs {
		n += len(b)
	}
	return n
}

// hashChunk is the payload chunk that writeDataFrame copies and then hashes
// while it is in cache (a quarter of a typical 256 KiB L2).
const hashChunk = 64 << 10

// writeDataFrame writes the NTensorFrame (CBOR after payload) at dst[0:frameLen].
func (po *preparedObject) writeDataFrame(dst []byte, hashing bool) uint64 {
	flags := FrameFlagCBORAfterPayload
	if hashing {
		flags |= FrameFlagHashPresent
	}
	l := po.frameLen
	putFrameHeader(dst, FrameNTensor, flags, uint64(l))
	p := FrameHeaderSize
	var hs *xxh3.Hasher
	if hashing && len(po.payload) >= hashChunk {
		// Hash each chunk of the payload right after copying it, while it
		// is still in cache, instead of reading the whole payload again.
		hs = xxh3.New()
		for c := 0; c < len(po.payload); c += hashChunk {
			e := min(c+hashChunk, len(po.payload))
			copySwap(dst[p+c:p+e], po.payload[c:e], po.swap)
			_, _ = hs.Write(dst[p+c : p+e])
		}
	} else {
		copySwap(dst[p:p+len(po.payload)], po.payload, po.swap)
	}
	p += len(po.payload)
	for _, b := range po.blobs {
		p += copy(dst[p:], b)
	}
	co := p
	p += copy(dst[p:], po.descCBOR)
	be.PutUint64(dst[p:], uint64(co))
	var h uint64
	switch {
	case hs != nil:
		_, _ = hs.Write(dst[FrameHeaderSize+len(po.payload) : p])
		h = hs.Sum64()
	case hashing:
		h = HashXXH3(dst[FrameHeaderSize:p])
	}
	be.PutUint64(dst[p+8:], h)
	copy(dst[p+16:], frameEnd)
	return h
}

// writeFrame writes a non-data frame with the given CBOR body; returns its length.
func writeFrame(dst []byte, t FrameType, body []byte, hashing bool) int {
	l := FrameHeaderSize + len(body) + FrameFooterSize
	var flags uint16
	if hashing {
		flags = FrameFlagHashPresent
	}
	putFrameHeader(dst, t, flags, uint64(l))
	copy(dst[FrameHeaderSize:], body)
	var h uint64
	if hashing {
		h = HashXXH3(body)
	}
	be.PutUint64(dst[FrameHeaderSize+len(body):], h)
	copy(dst[l-4:], frameEnd)
	return l
}

func frameSize(bodyLen int) int { return FrameHeaderSize + bodyLen + FrameFooterSize }

// prepareAll prepares every object, in parallel when threads > 1. Each
// object's codecs get an equal share of the budget as their intra-codec
// thread count (output bytes never depend on it).
func prepareAll(objs []EncodeInput, opts *EncodeOptions, threads int) ([]*preparedObject, error) {
	out := make([]*preparedObject, len(objs))
	perObject := 0
	if len(objs) > 0 && threads/len(objs) > 1 {
		perObject = threads / len(objs)
	}
	err := parallelFor(len(objs), threads, func(i int) error {
		po, err := prepareObject(objs[i], opts, perObject)
		out[i] = po
		return err
	})
	return out, err
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

// Encode builds one buffered message (docs/format.md, "What writers
// emit"): HeaderMetadata, HeaderIndex, HeaderHash (per policy), data
// frames, FooterHash (per policy), postamble. The output buffer is
// obtained once from opts.Alloc.
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
		return nil, err
	}
	lay, err := planBuffered(len(metaCBOR), pos, opts)
	if err != nil {
		return nil, err
	}
	out, err := allocMessage(opts, lay.total)
	if err != nil {
		return nil, err
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
func planBuffered(metaLen int, pos []*preparedObject, opts *EncodeOptions) (*bufferedLayout, error) {
	n := len(pos)
	l := &bufferedLayout{hashing: !opts.NoHash}
	l.headerHash = l.hashing && n > 0 && (opts.AggregateHash == HashAuto || opts.AggregateHash == HashHeader || opts.AggregateHash == HashBoth)
	l.footerHash = l.hashing && n > 0 && (opts.AggregateHash == HashFooter || opts.AggregateHash == HashBoth)
	if l.headerHash || l.footerHash {
		// Every digest renders to 16 hex digits: the body of all-zero
		// digests has the final length.
		b, err := hashFrameBody(make([]uint64, n))
		if err != nil {
			return nil, err
		}
		l.hashLen = len(b)
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
			return nil, err
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
		return nil, framingErr("internal layout error: first data frame at %d, index says %d", cur, offsets[0])
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
		slots[i] = pos[i].writeDataFrame(out[s:], l.hashing)
		zeroPad(out, s+pos[i].frameLen, s+align8(pos[i].frameLen))
		return nil
	})
	if err != nil {
		return err
	}
	if l.headerHash || l.footerHash {
		hb, err := hashFrameBody(slots)
		if err != nil {
			return err
		}
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

// zeroPad clears out[from:to] (the allocator may return dirty memory).
func zeroPad(out []byte, from, to int) {
	if from < to {
		clear(out[from:to])
	}
}

// twoPassIndex builds the HeaderIndex CBOR whose offsets account for the
// index frame's own size (docs/format.md, "Index frames"). h is the message offset just
// past the metadata frame plus the header hash frame.
func twoPassIndex(h int, lengths []uint64) ([]byte, []uint64, error) {
	n := len(lengths)
	offsets := make([]uint64, n)
	enc := func() ([]byte, error) { return indexFrameBody(offsets, lengths) }
	fill := func(start int) {
		o := uint64(start)
		for i := range offsets {
			offsets[i] = o
			o, _ = align8u(o + lengths[i])
		}
	}
	c0, err := enc()
	if err != nil {
		return nil, nil, err
	}
	s0 := align8(frameSize(len(c0)))
	fill(h + s0)
	c1, err := enc()
	if err != nil {
		return nil, nil, err
	}
	if len(c1) == len(c0) {
		return c1, offsets, nil
	}
	s1 := align8(frameSize(len(c1)))
	fill(h + s1)
	c2, err := enc()
	if err != nil {
		return nil, nil, err
	}
	if align8(frameSize(len(c2))) != s1 {
		return nil, nil, framingErr("index CBOR size changed unexpectedly on third pass")
	}
	return c2, offsets, nil
}
