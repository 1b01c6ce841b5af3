package sz3

import (
	"math/rand"
	"slices"
	"testing"
)

// decodeRef walks the tree bit by bit: the plain decoder the table-driven
// one must match, zero bits past the end and the overrun flag included.
func decodeRef(t *huffTree, data []byte, count int) ([]int32, bool) {
	out := make([]int32, count)
	bit := 0
	next := func() int {
		b := 0
		if bit/8 < len(data) {
			b = int(data[bit/8]>>(7-bit%8)) & 1
		}
		bit++
		return b
	}
	for i := range out {
		node := int32(0)
		for !t.leaf[node] {
			if next() == 0 {
				node = t.left[node]
			} else {
				node = t.right[node]
			}
		}
		out[i] = t.sym[node] + t.offset
	}
	return out, bit > 8*len(data)
}

// checkHuffmanDecode codes random symbols (a skewed alphabet, so codes
// longer than the table's 11 bits occur), then decodes whole, truncated
// and corrupted data with both decoders.
func checkHuffmanDecode(t *testing.T, seed int64) {
	rng := rand.New(rand.NewSource(seed))
	syms := make([]int32, 1+rng.Intn(3000))
	for i := range syms {
		syms[i] = int32(rng.ExpFloat64()*float64(1+rng.Intn(8))) - 5
	}
	c, err := buildHuffman(syms)
	if err != nil {
		t.Fatal(err)
	}
	enc := c.appendCoded(c.appendTree(nil), syms)
	r := reader{buf: enc}
	tree, err := loadHuffTree(&r)
	if err != nil {
		t.Fatal(err)
	}
	r.u64("size")
	data := r.buf[r.pos:]
	for _, d := range [][]byte{data, data[:len(data)/2], data[:max(len(data)-1, 0)], flipOne(rng, data)} {
		got := make([]int32, len(syms))
		gerr := tree.decode(d, len(syms), got)
		want, over := decodeRef(tree, d, len(syms))
		if (gerr != nil) != over || (gerr == nil && !slices.Equal(got, want)) {
			t.Fatalf("seed %d, %d of %d bytes: error %v, reference overrun %v", seed, len(d), len(data), gerr, over)
		}
	}
}

func flipOne(rng *rand.Rand, b []byte) []byte {
	out := slices.Clone(b)
	if len(out) > 0 {
		out[rng.Intn(len(out))] ^= byte(1 << rng.Intn(8))
	}
	return out
}

// TestHuffmanDecodeMatchesReference compares the table-driven decoder with
// a bit-by-bit tree walk.
func TestHuffmanDecodeMatchesReference(t *testing.T) {
	for seed := int64(0); seed < 300; seed++ {
		checkHuffmanDecode(t, seed)
	}
}

func FuzzHuffmanDecode(f *testing.F) {
	f.Add(int64(3))
	f.Fuzz(func(t *testing.T, seed int64) { checkHuffmanDecode(t, seed) })
}
