package core

// hashChunk is the payload chunk that writeDataFrame copies and then hashes
// while it is in cache (a quarter of a typical 256 KiB L2); a multiple of
// xxhBlock.
const hashChunk = 64 << 10

// writeDataFrame writes the NTensorFrame (CBOR after payload) at
// dst[0:frameLen] and returns its hash slot (0 without hashing). It fails
// only when the payload's deferred NaN/Inf check does.
func (po *preparedObject) writeDataFrame(dst []byte, hashing bool) (uint64, error) {
	flags := FrameFlagCBORAfterPayload
	if hashing {
		flags |= FrameFlagHashPresent
	}
	putFrameHeader(dst, FrameNTensor, flags, uint64(po.frameLen))
	region := dst[FrameHeaderSize : po.frameLen-DataFrameFooterSize]
	var hs *xxh3Stream
	if hashing && hasFusedHash && len(po.payload) >= xxhBlock {
		hs = newXXH3Stream(len(region))
	}
	if err := po.writePayload(region, hs); err != nil {
		return 0, err
	}
	p := len(po.payload)
	for _, b := range po.blobs {
		p += copy(region[p:], b)
	}
	co := FrameHeaderSize + p
	copy(region[p:], po.descCBOR)
	p = FrameHeaderSize + len(region)
	be.PutUint64(dst[p:], uint64(co))
	var h uint64
	switch {
	case hs != nil:
		h = hs.sum(region)
	case hashing:
		h = HashXXH3(region)
	}
	be.PutUint64(dst[p+8:], h)
	copy(dst[p+16:], frameEnd)
	return h, nil
}

// writePayload copies the payload to the start of region (swapping bytes
// when po.swap > 1) in chunks of hashChunk bytes, each checked for NaN/Inf
// as it is copied when that check was deferred, and consumes each chunk
// into hs (when not nil) while it is still in cache: the input is read
// once, and without a byte swap the vector kernel copies, checks and
// hashes in the same loop.
func (po *preparedObject) writePayload(region []byte, hs *xxh3Stream) error {
	src := po.payload
	if hs == nil && po.finite == nil {
		copySwap(region[:len(src)], src, po.swap)
		return nil
	}
	for c := 0; c < len(src); c += hashChunk {
		e := min(c+hashChunk, len(src))
		if err := po.copyChunk(region[c:e], src[c:e], hs, c); err != nil {
			return err
		}
		if hs != nil {
			hs.advance(region, e)
		}
	}
	return nil
}

// copyChunk copies one chunk of the payload (at offset at), applying the
// deferred NaN/Inf check (in the same pass when no byte swap is needed),
// and without a byte swap hashes the chunk's whole blocks into hs (when
// not nil) in that pass too.
func (po *preparedObject) copyChunk(dst, src []byte, hs *xxh3Stream, at int) error {
	if hs != nil && po.swap <= 1 {
		k := hs.copyBlocks(dst, src, at, po.finite)
		dst, src = dst[k:], src[k:]
	}
	if po.finite != nil && po.swap <= 1 {
		return po.finite.copyChecked(dst, src, po.payload)
	}
	if err := po.finite.chunk(src, po.payload); err != nil {
		return err
	}
	copySwap(dst, src, po.swap)
	return nil
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

// zeroPad clears out[from:to] (the allocator may return dirty memory).
func zeroPad(out []byte, from, to int) {
	if from < to {
		clear(out[from:to])
	}
}
