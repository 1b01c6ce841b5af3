package core

import "github.com/zeebo/xxh3"

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

// zeroPad clears out[from:to] (the allocator may return dirty memory).
func zeroPad(out []byte, from, to int) {
	if from < to {
		clear(out[from:to])
	}
}
