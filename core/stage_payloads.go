package core

import (
	"runtime"
	"sync"
)

// Recycled compression-stage outputs. A multi-megabyte payload allocated
// per call costs fresh Go-heap pages (about 200 page faults per 4 MB
// encode), their zeroing, and a garbage collection every call or two,
// which from two threads took more CPU than the compression itself. The
// zstd, lz4, zfp and blosc2 stages therefore write their output into
// buffers taken from stagePayloads and embed recyclesPayloads, and Encode
// and StreamingEncoder hand each payload back (release) once the data
// frame holding a copy of it is written.
//
// sync.Pool does not serve here: a Python thread calling in through cgo
// lands on either P, and a buffer put in one P's private slot is invisible
// from the other, so half the calls missed. The cache is a short list
// behind a mutex instead, emptied by the first garbage collection after a
// whole cycle in which nothing was taken or returned.

// recyclesPayloads, embedded in a compression stage, makes it a
// PayloadRecycler whose payloads return to stagePayloads.
type recyclesPayloads struct{}

// RecyclePayload takes back a payload Encode returned, once the caller has
// copied it into the message, for a later Encode to write into.
func (recyclesPayloads) RecyclePayload(b []byte) { stagePayloads.put(b) }

// release hands the payload back to the stage that produced it, if that
// stage recycles payloads, and forgets it. Call it only once the payload
// has been copied into the message.
func (po *preparedObject) release() {
	if po.recycler != nil && po.payload != nil {
		po.recycler.RecyclePayload(po.payload)
	}
	po.payload, po.recycler = nil, nil
}

// Buffers of payloadCacheMin to payloadCacheMax bytes of capacity are
// kept: below, a fresh allocation costs little; above, the cache would pin
// a rare giant buffer.
const (
	payloadCacheMin = 256 << 10
	payloadCacheMax = 64 << 20
)

// payloadCacheLen is the number of buffers kept (one per thread encoding
// at once on a 2-core machine, plus one).
const payloadCacheLen = 3

// payloadCache is a list of empty buffers free for reuse.
type payloadCache struct {
	mu   sync.Mutex
	bufs [][]byte
	used bool // a buffer was taken or returned since the last collection
}

// stagePayloads is the cache the recycling stages share.
var stagePayloads payloadCache

func init() { armPayloadSweep() }

// gcSentinel is garbage from the start; its finalizer runs after a
// collection and arms a new one.
type gcSentinel struct{ _ *int }

// armPayloadSweep makes the next garbage collection sweep stagePayloads.
func armPayloadSweep() {
	runtime.SetFinalizer(&gcSentinel{}, func(*gcSentinel) {
		stagePayloads.sweep()
		armPayloadSweep()
	})
}

// sweep drops the buffers when none was taken or returned since the last
// sweep.
func (c *payloadCache) sweep() {
	c.mu.Lock()
	if !c.used {
		clear(c.bufs)
		c.bufs = c.bufs[:0]
	}
	c.used = false
	c.mu.Unlock()
}

// get returns an empty buffer with at least n bytes of capacity: the
// smallest cached one that fits and is at most twice as large (plus 64
// KiB), else a new one (always a new one below payloadCacheMin).
func (c *payloadCache) get(n int) []byte {
	if n < payloadCacheMin {
		return make([]byte, 0, n)
	}
	c.mu.Lock()
	c.used = true
	best := -1
	for i, b := range c.bufs {
		if cap(b) >= n && cap(b) <= 2*n+64<<10 && (best < 0 || cap(b) < cap(c.bufs[best])) {
			best = i
		}
	}
	if best >= 0 {
		b := c.bufs[best]
		last := len(c.bufs) - 1
		c.bufs[best], c.bufs[last] = c.bufs[last], nil
		c.bufs = c.bufs[:last]
		c.mu.Unlock()
		return b[:0]
	}
	c.mu.Unlock()
	return make([]byte, 0, n)
}

// put keeps b for a later get, replacing the smallest cached buffer when
// the list is full and b is larger.
func (c *payloadCache) put(b []byte) {
	if cap(b) < payloadCacheMin || cap(b) > payloadCacheMax {
		return
	}
	c.mu.Lock()
	c.used = true
	if len(c.bufs) < payloadCacheLen {
		c.bufs = append(c.bufs, b[:0])
	} else {
		small := 0
		for i := range c.bufs {
			if cap(c.bufs[i]) < cap(c.bufs[small]) {
				small = i
			}
		}
		if cap(b) > cap(c.bufs[small]) {
			c.bufs[small] = b[:0]
		}
	}
	c.mu.Unlock()
}
