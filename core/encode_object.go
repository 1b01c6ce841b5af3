package core

// EncodeInput is one object to encode.
type EncodeInput struct {
	// Descriptor gives dtype, shape, byte order and pipeline; it is not
	// modified. Fields left at their zero value are derived as
	// Descriptor.WithDefaults describes (NDim, Strides, ByteOrder and the
	// "none" pipeline), so Type, Shape and DType are enough. Go integers
	// and float32 values in Params are accepted like uint64/int64/float64.
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
	// finite, when set, is the NaN/Inf rule still to apply to payload: it
	// is checked chunk by chunk while the payload is copied into the
	// message (one pass over the input instead of two).
	finite *finiteCheck
	// recycler, when set, takes payload back once it is written (release).
	recycler PayloadRecycler
}

// prepareObject validates one object and runs its pipeline: NaN/Inf
// substitution and masks, parameters the stages resolve from the values,
// encoding, the descriptor to write (docs/codecs.md, "Pipeline").
func prepareObject(in EncodeInput, opts *EncodeOptions, threads int) (po *preparedObject, err error) {
	var finite *finiteCheck
	defer func() {
		// A later failure of this object does not hide its NaN/Inf error,
		// which the up-front rule would have reported first.
		if err != nil {
			err = finite.before(in.Data, err)
		}
	}()
	if in.Descriptor != nil {
		in.Descriptor = in.Descriptor.forEncode()
	}
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
	if !opts.PreEncoded {
		order := d.ByteOrder
		if needSwap {
			order = in.DataOrder
		}
		if finite = deferredFiniteCheck(d, order, opts); finite == nil {
			if data, masks, err = substituteNonFinite(data, d.DType, order, opts.AllowNaN, opts.AllowInf); err != nil {
				return nil, err
			}
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
	po = &preparedObject{desc: out}
	if opts.PreEncoded || p.Raw {
		po.payload = data
		po.finite = finite
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
		po.recycler, _ = p.Compression.(PayloadRecycler)
	}
	out.Params = params
	if len(params) == 0 {
		out.Params = nil
	}
	if err := po.addMasks(masks, p.Ctx.NumElements, opts); err != nil {
		return nil, err
	}
	if po.descCBOR, err = descriptorCBOR(out); err != nil {
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
		params, err := maskDescriptorParams(codec, nil)
		if err != nil {
			return err
		}
		out.Masks[k] = MaskInfo{Offset: off, Length: uint64(len(blob)), Method: method, Params: params}
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
	if err != nil {
		return out, deferredFirst(out, err)
	}
	return out, nil
}

// deferredFirst returns the NaN/Inf error of the first prepared object in
// pos (nil entries skipped) whose deferred check fails, else err: a
// failure found after preparing does not hide one that the up-front rule
// would have reported before it, objects in order.
func deferredFirst(pos []*preparedObject, err error) error {
	for _, po := range pos {
		if po != nil {
			if e := po.finite.before(po.payload, nil); e != nil {
				return e
			}
		}
	}
	return err
}
