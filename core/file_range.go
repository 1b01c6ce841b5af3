package core

import (
	"errors"
	"os"
	"runtime"
	"runtime/debug"
	"sync"

	"github.com/tensogram-go/tensogram-go/core/codec/szip"
	"github.com/tensogram-go/tensogram-go/core/internal/par"
)

// DecodeRange decodes element ranges of object j of message i, as
// DecodeRange on the message's bytes does. Where the platform can map
// files (Unix), the message is mapped instead of read, so only the pages
// the range decode touches (frame headers, descriptor, the ranges' payload
// bytes and, for szip, the RSIs scanned before them) are read from disk or
// the page cache; elsewhere the message is read whole. The true szip RSI
// starts scanned for an object are kept with the File (as its message
// offsets are: the file is assumed not to change under it), so later
// ranges of the object scan no RSI again. The results never
// refer to the mapping. A file shrunk by another process under the mapping
// gives an I/O error, not a crash, where the decode reads the mapping on
// the calling goroutine: every range decode except blosc2's and zfp's with
// opts.Threads > 1, whose workers are not covered.
func (f *File) DecodeRange(i, j int, ranges []Range, opts *DecodeOptions) ([][]byte, error) {
	_, parts, err := f.DecodeRangeDescribed(i, j, ranges, opts)
	return parts, err
}

// DecodeRangeDescribed is DecodeRange that also returns the object's
// descriptor.
func (f *File) DecodeRangeDescribed(i, j int, ranges []Range, opts *DecodeOptions) (*Descriptor, [][]byte, error) {
	return f.DecodeRangeAlloc(i, j, ranges, opts, nil)
}

// DecodeRangeAlloc is DecodeRangeDescribed with every result buffer taken
// from alloc when it is not nil (see ObjectView.DecodeRangeAlloc).
func (f *File) DecodeRangeAlloc(i, j int, ranges []Range, opts *DecodeOptions, alloc RangeAlloc) (*Descriptor, [][]byte, error) {
	sp, fh, err := f.span(i)
	if err != nil {
		return nil, nil, err
	}
	msg, unmap, err := mapSpan(fh, int64(sp.Offset), sp.Length)
	if err != nil {
		return nil, nil, ioErr(err, "read message %d of %s", i, f.path)
	}
	starts := f.starts.get(rsiKey{sp.Offset, j})
	if unmap == nil {
		return decodeRangeOf(msg, j, ranges, opts, starts, alloc)
	}
	defer unmap()
	return f.decodeMapped(msg, i, j, ranges, opts, starts, alloc)
}

// decodeMapped runs decodeRangeOf on mapped memory, turning a fault on it
// (the file shrank under the mapping) into an I/O error.
func (f *File) decodeMapped(msg []byte, i, j int, ranges []Range, opts *DecodeOptions, starts *szip.RSIStarts, alloc RangeAlloc) (d *Descriptor, parts [][]byte, err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			re, fault := mappedFault(r)
			if !fault {
				panic(r) // not a fault on the mapping: a bug, and it stays one
			}
			d, parts, err = nil, nil, ioErr(re, "read message %d of %s", i, f.path)
		}
	}()
	return decodeRangeOf(msg, j, ranges, opts, starts, alloc)
}

// mappedFault returns the memory fault a recovered panic value r carries
// (a runtime error with the faulting address, as panic-on-fault raises),
// whether raised here or on a worker goroutine of a threaded codec, which
// inherits panic-on-fault and hands its panic back as a *par.Panic.
func mappedFault(r any) (runtime.Error, bool) {
	if p, ok := r.(*par.Panic); ok {
		r = p.Value
	}
	re, ok := r.(runtime.Error)
	_, addr := r.(interface{ Addr() uintptr })
	return re, ok && addr
}

// decodeRangeOf decodes the ranges of object j of message msg, with the
// object's szip RSI starts known so far (the metadata is checked, not
// built: nothing here reads it).
func decodeRangeOf(msg []byte, j int, ranges []Range, opts *DecodeOptions, starts *szip.RSIStarts, alloc RangeAlloc) (*Descriptor, [][]byte, error) {
	ov, err := parseObjectOnly(msg, j)
	if err != nil {
		return nil, nil, err
	}
	parts, err := ov.decodeRange(ranges, opts, starts, alloc, true)
	if err != nil {
		return nil, nil, err
	}
	return ov.Descriptor, parts, nil
}

// span returns the offset table entry of message i and the read handle,
// both read under the lock (Close clears the handle; reading through a
// closed handle then fails with an error).
func (f *File) span(i int) (MessageSpan, *os.File, error) {
	if err := f.ensureScanned(); err != nil {
		return MessageSpan{}, nil, err
	}
	f.mu.RLock()
	defer f.mu.RUnlock()
	if i < 0 || i >= len(f.spans) {
		return MessageSpan{}, nil, framingErr("message index %d out of range (count=%d)", i, len(f.spans))
	}
	return f.spans[i], f.fh, nil
}

// readSpan reads length bytes of fh at off (unmap nil).
func readSpan(fh *os.File, off int64, length int) ([]byte, func(), error) {
	if length < 0 {
		return nil, nil, errors.New("negative message length")
	}
	buf := make([]byte, length)
	if _, err := fh.ReadAt(buf, off); err != nil {
		return nil, nil, err
	}
	return buf, nil, nil
}

// rsiKey names an object of a File: its message's offset and its index.
type rsiKey struct{ msg, obj int }

// rsiCacheMax bounds the objects whose RSI starts a File keeps; past it
// the cache starts over.
const rsiCacheMax = 64

// rsiCache keeps the scanned szip RSI starts of a File's objects.
type rsiCache struct {
	mu sync.Mutex
	m  map[rsiKey]*szip.RSIStarts
}

// get returns the starts kept for k, adding an empty entry.
func (c *rsiCache) get(k rsiKey) *szip.RSIStarts {
	c.mu.Lock()
	defer c.mu.Unlock()
	if s, ok := c.m[k]; ok {
		return s
	}
	if c.m == nil || len(c.m) >= rsiCacheMax {
		c.m = make(map[rsiKey]*szip.RSIStarts)
	}
	s := &szip.RSIStarts{}
	c.m[k] = s
	return s
}
