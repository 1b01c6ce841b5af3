package sz3

import (
	"encoding/binary"
	"errors"
	"math"

	"github.com/tensogram-go/tensogram-go/core/codec/internal/codecerr"
	"github.com/tensogram-go/tensogram-go/core/codec/zstd"
)

// Decode decodes a stream that must hold exactly n values.
func Decode(stream []byte, n int) ([]float64, error) {
	if n < 0 {
		return nil, codecerr.Errorf(ErrSize, "negative count")
	}
	info, err := ReadInfo(stream)
	if err != nil {
		return nil, err
	}
	if info.Count != uint64(n) {
		return nil, codecerr.Errorf(ErrSize, "stream holds %d values, expected %d", info.Count, n)
	}
	out := make([]float64, n)
	if err := decodeInfo(out, info); err != nil {
		return nil, err
	}
	return out, nil
}

// DecodeInto decodes a stream holding exactly len(dst) values into dst.
func DecodeInto(dst []float64, stream []byte) error {
	info, err := ReadInfo(stream)
	if err != nil {
		return err
	}
	if info.Count != uint64(len(dst)) {
		return codecerr.Errorf(ErrSize, "stream holds %d values, expected %d", info.Count, len(dst))
	}
	return decodeInfo(dst, info)
}

func decodeInfo(dst []float64, info Info) error {
	if len(dst) == 0 {
		return codecerr.Errorf(ErrCorrupt, "SZ3 streams hold at least one value")
	}
	ip, err := inflate(info.payload, maxInner(info.Algorithm, len(dst)), 8*len(dst)+1<<16)
	if err != nil {
		return err
	}
	defer putBytes(ip)
	inner := *ip
	switch info.Algorithm {
	case AlgoLossless:
		if len(inner) != 8*len(dst) {
			return codecerr.Errorf(ErrCorrupt, "lossless payload of %d bytes for %d values", len(inner), len(dst))
		}
		for i := range dst {
			dst[i] = math.Float64frombits(binary.LittleEndian.Uint64(inner[8*i:]))
		}
		return nil
	case AlgoInterp:
		return decodeInterp(dst, inner)
	case AlgoLorenzoReg:
		if !info.Lorenzo || !info.Lorenzo2 || info.Regression || info.Regress2 {
			return codecerr.Errorf(ErrUnsupported, "Lorenzo/regression predictor set other than 1st+2nd-order Lorenzo")
		}
		return decodeLorenzo(dst, inner, info.BlockSize)
	}
	return codecerr.Errorf(ErrUnsupported, "algorithm %v", info.Algorithm)
}

// maxInner bounds the inner buffer of a stream of n values: the lossless
// payload is 8n bytes; a lossy one holds at most n verbatim values, a tree
// of fewer than 2n+1 nodes of 13 bytes, codes of at most 128 bits each and
// fixed-size fields.
func maxInner(a Algorithm, n int) int {
	if a == AlgoLossless {
		return 8 * n
	}
	return 8*n + 13*(2*n+1) + 16*n + 1024
}

// inflate undoes SZ3's lossless stage (inner size u64, then a zstd
// frame) into a buffer of bytePool. Inner sizes up to pooled bytes are
// decoded in place into a pooled buffer of that size (a fresh one would
// cost page faults on every call); larger ones, which only hostile
// streams declare, are decoded without trusting the size.
func inflate(payload []byte, limit, pooled int) (*[]byte, error) {
	r := reader{buf: payload}
	size := r.u64("payload")
	if r.err != nil {
		return nil, r.err
	}
	if size > uint64(limit) || size == 0 {
		return nil, codecerr.Errorf(ErrCorrupt, "inner size %d (at most %d)", size, limit)
	}
	if size <= uint64(pooled) {
		bp := bytePool.get(int(size) + zstd.SpareBytes)
		*bp = (*bp)[:size]
		if err := zstd.DecompressIntoSpare(*bp, payload[8:]); err != nil {
			putBytes(bp)
			return nil, innerErr(err, size)
		}
		return bp, nil
	}
	out, err := zstd.Decompress(payload[8:], zstd.WithMaxSize(int(size)))
	if err != nil {
		return nil, innerErr(err, size)
	}
	if uint64(len(out)) != size {
		return nil, codecerr.Errorf(ErrCorrupt, "inner buffer of %d bytes, declared %d", len(out), size)
	}
	return &out, nil
}

// innerErr reports a zstd frame that does not decode to the declared
// inner size.
func innerErr(err error, size uint64) error {
	if errors.Is(err, zstd.ErrSizeLimit) {
		return codecerr.Errorf(ErrCorrupt, "inner buffer larger than the declared %d bytes", size)
	}
	return codecerr.Errorf(ErrCorrupt, "%v", err)
}

// loadQuantized reads what both predictors store after their own
// parameters: the quantizer (with its unpredictable values) and the
// Huffman-coded quantisation indices of n values, into idx (which must
// have room for n).
func loadQuantized(r *reader, n int, idx []int32) (*quantizer, []int32, error) {
	q, err := loadQuantizer(r, n)
	if err != nil {
		return nil, nil, err
	}
	idx, err = loadIndices(r, n, idx)
	if err != nil {
		return nil, nil, err
	}
	return q, idx, nil
}

// loadIndices reads the Huffman tree, the index count (which must be n)
// and the coded indices into idx[:n] (idx must have room for n).
func loadIndices(r *reader, n int, idx []int32) ([]int32, error) {
	tree, err := loadHuffTree(r)
	if err != nil {
		return nil, err
	}
	count := r.u64("index count")
	if r.err == nil && count != uint64(n) {
		return nil, codecerr.Errorf(ErrCorrupt, "%d indices for %d values", count, n)
	}
	data := r.take(r.u64("huffman data"), "huffman data")
	if r.err != nil {
		return nil, r.err
	}
	idx = idx[:n]
	return idx, tree.decode(data, n, idx)
}

// decodeInterp reconstructs an interpolation-decomposed field.
func decodeInterp(dst []float64, inner []byte) error {
	r := reader{buf: inner}
	p, err := loadInterpParams(&r)
	if err != nil {
		return err
	}
	if p.dim != uint64(len(dst)) {
		return codecerr.Errorf(ErrCorrupt, "interpolation over %d values, expected %d", p.dim, len(dst))
	}
	ip := indexPool.get(len(dst)) // a fresh 4 bytes per value would cost page faults on every call
	defer indexPool.put(ip)
	q, idx, err := loadQuantized(&r, len(dst), *ip)
	if err != nil {
		return err
	}
	k := 0
	next := func(b *predBatch) error {
		if len(b.pos) > len(idx)-k {
			return codecerr.Errorf(ErrCorrupt, "more values predicted than indices")
		}
		err := q.recoverBatch(dst, b, idx[k:k+len(b.pos)])
		k += len(b.pos)
		return err
	}
	return runInterp(dst, &p, q, next, func(i int) error {
		v, err := q.verbatim()
		dst[i] = v
		k++
		return err
	})
}

// runInterp walks SZ3's interpolation schedule: the first value (or the
// anchor grid, each anchor through anchorFn), then every level from the
// coarsest, setting the quantiser's level-wise bound first; f receives
// the predictions block by block.
func runInterp(v []float64, p *interpParams, q *quantizer, f func(*predBatch) error, anchorFn func(int) error) error {
	b := batchPool.Get().(*predBatch)
	defer batchPool.Put(b)
	top, err := interpStart(len(v), p, b, f, anchorFn)
	if err != nil {
		return err
	}
	return p.runLevels(v, q, b, top, 1, 0, f)
}

// interpStart walks the start of the schedule for n values: the first
// value, predicted as 0, through f, or each anchor through anchorFn. It
// returns the coarsest level left to walk.
func interpStart(n int, p *interpParams, b *predBatch, f func(*predBatch) error, anchorFn func(int) error) (int, error) {
	levels, anchor := p.levels()
	b.reset(1)
	if anchor == 0 {
		b.add(0, 0)
		return levels, f(b)
	}
	for i := uint64(0); i < uint64(n); i += anchor {
		if err := anchorFn(int(i)); err != nil {
			return 0, err
		}
	}
	return levels - 1, nil
}

// runLevels walks the levels from top down to bottom (≥ 1), setting q's
// bound for each level first and restoring it at the end. v holds every
// 2^shift-th value of the field (the values every level ≥ shift+1 visits),
// so level L is visited as level L−shift of v: the same predictions in
// the same order (see visit).
func (p *interpParams) runLevels(v []float64, q *quantizer, b *predBatch, top, bottom, shift int, f func(*predBatch) error) error {
	eb := q.eb
	defer q.setEB(eb)
	for level := top; level >= bottom; level-- {
		if e, ok := p.levelEB(eb, level); ok {
			q.setEB(e)
		}
		if err := p.visit(v, level-shift, b, f); err != nil {
			return err
		}
	}
	return nil
}
