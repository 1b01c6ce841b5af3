package sz3

import "github.com/tensogram-go/tensogram-go/core/codec/internal/codecerr"

// Block-wise Lorenzo decomposition (SZ3's ALGO_LORENZO_REG for 1-D data
// with its interpolation-vs-Lorenzo tuner's settings): the field is cut
// into blocks of blockSize values; each block uses the 1st-order (previous
// value) or 2nd-order (2·previous − the one before) Lorenzo predictor, as
// its selection entry says. Values before the field's start read as 0.
//
// Inner buffer: selection count u64 | (if > 0) Huffman tree and coded
// selections | quantiser | Huffman tree | index count u64 | coded indices.

const (
	lorenzo1 = 0
	lorenzo2 = 1
)

// lorenzoPredict is the selected predictor's value at i.
func lorenzoPredict(v []float64, i int, sel int32) float64 {
	var a, b float64 // v[i-1], v[i-2]
	if i >= 1 {
		a = v[i-1]
	}
	if sel == lorenzo1 {
		return a
	}
	if i >= 2 {
		b = v[i-2]
	}
	return float64(2*a) - b
}

func blockCount(n int, blockSize int32) int {
	return (n + int(blockSize) - 1) / int(blockSize)
}

// loadSelection reads the per-block predictor choices.
func loadSelection(r *reader, blocks int) ([]int32, error) {
	count := r.u64("selection")
	if r.err != nil {
		return nil, r.err
	}
	if count != uint64(blocks) {
		return nil, codecerr.Errorf(ErrCorrupt, "%d predictor selections for %d blocks", count, blocks)
	}
	sel, err := loadCoded(r, blocks)
	if err != nil {
		return nil, err
	}
	for _, s := range sel {
		if s != lorenzo1 && s != lorenzo2 {
			return nil, codecerr.Errorf(ErrCorrupt, "predictor selection %d", s)
		}
	}
	return sel, nil
}

// loadCoded reads a Huffman tree, the coded size u64 and count symbols.
func loadCoded(r *reader, count int) ([]int32, error) {
	tree, err := loadHuffTree(r)
	if err != nil {
		return nil, err
	}
	data := r.take(r.u64("huffman data"), "huffman data")
	if r.err != nil {
		return nil, r.err
	}
	out := make([]int32, count)
	return out, tree.decode(data, count, out)
}

// decodeLorenzo reconstructs a block-wise Lorenzo-decomposed field.
func decodeLorenzo(dst []float64, inner []byte, blockSize int32) error {
	if blockSize <= 0 {
		return codecerr.Errorf(ErrCorrupt, "block size %d", blockSize)
	}
	r := reader{buf: inner}
	sel, err := loadSelection(&r, blockCount(len(dst), blockSize))
	if err != nil {
		return err
	}
	ip := indexPool.get(len(dst))
	defer indexPool.put(ip)
	q, idx, err := loadQuantized(&r, len(dst), *ip)
	if err != nil {
		return err
	}
	bs := int(blockSize)
	var a, b float64 // the two previous values (0 before the start)
	for blk, s := range sel {
		end := min((blk+1)*bs, len(dst))
		for i := blk * bs; i < end; i++ {
			pred := a
			if s == lorenzo2 {
				pred = float64(2*a) - b
			}
			v, err := q.recover(pred, idx[i])
			if err != nil {
				return err
			}
			dst[i] = v
			a, b = v, a
		}
	}
	return nil
}
