package core

import "github.com/zeebo/xxh3"

// hashChunk is the payload chunk that writeDataFrame copies and then hashes
// while it is in cache (a quarter of a typical 256 KiB L2).
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
	var hs *xxh3.Hasher
	if hashing && len(po.payload) >= hashChunk {
		hs = xxh3.New()
	}
	if err := po.writePayload(dst[FrameHeaderSize:], hs); err != nil {
		return 0, err
	}
	p := FrameHeaderSize + len(po.payload)
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
	return h, nil
}

// hashAfterMax is the largest payload hashed in one call after it has
// been copied: it is then read back from the last-level cache, and the
// hasher's first write consumes it in place. Larger payloads are hashed
// chunk by chunk right after each chunk is copied (still in L2), although
// the hasher then moves every later chunk through its own buffer.
const hashAfterMax = 8 << 20

// writePayload copies the payload to dst (swapping bytes when po.swap > 1)
// in chunks of hashChunk bytes, each checked for NaN/Inf as it is copied
// when that check was deferred, and hashes it into hs (when not nil): the
// input is read once.
func (po *preparedObject) writePayload(dst []byte, hs *xxh3.Hasher) error {
	src := po.payload
	if hs == nil && po.finite == nil {
		copySwap(dst[:len(src)], src, po.swap)
		return nil
	}
	after := hs != nil && len(src) <= hashAfterMax
	for c := 0; c < len(src); c += hashChunk {
		e := min(c+hashChunk, len(src))
		if err := po.copyChunk(dst[c:e], src[c:e]); err != nil {
			return err
		}
		if hs != nil && !after {
			_, _ = hs.Write(dst[c:e])
		}
	}
	if after {
		_, _ = hs.Write(dst[:len(src)])
	}
	return nil
}

// copyChunk copies one chunk of the payload, applying the deferred NaN/Inf
// check (in the same pass when no byte swap is needed).
func (po *preparedObject) copyChunk(dst, src []byte) error {
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
