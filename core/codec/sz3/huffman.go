package sz3

import (
	"encoding/binary"

	"github.com/tensogram-go/tensogram-go/core/codec/internal/codecerr"
)

// huffTree is a decoded SZ3 Huffman tree. Nodes are numbered in preorder
// (root 0), so every child index is larger than its parent's; the loader
// enforces that, which keeps hostile trees acyclic.
type huffTree struct {
	offset      int32   // added to every leaf symbol
	left, right []int32 // children of internal nodes
	sym         []int32 // leaf symbol (before offset)
	leaf        []bool
}

// Serialised tree: offset i32 | node count u32 BE | states/2 u32 BE |
// endianness u8 | left[n] | right[n] | symbol[n] i32 | leaf flag[n] u8,
// where left/right are u8, u16 or u32 for n ≤ 256, ≤ 65536 or more.
func loadHuffTree(r *reader) (*huffTree, error) {
	t := &huffTree{offset: r.i32("huffman tree")}
	n := uint64(r.u32be("huffman tree"))
	r.u32be("huffman tree") // states/2: not needed to decode
	if r.err != nil {
		return nil, r.err
	}
	w := idxWidth(n)
	if n == 0 || n*(2*w+5)+1 > uint64(r.remaining()) {
		return nil, codecerr.Errorf(ErrCorrupt, "huffman tree of %d nodes in %d bytes", n, r.remaining())
	}
	r.take(1, "huffman tree") // endianness marker, always little
	t.left = readIdx(r.take(n*w, "huffman tree"), w)
	t.right = readIdx(r.take(n*w, "huffman tree"), w)
	t.sym = make([]int32, n)
	for i, b := 0, r.take(4*n, "huffman tree"); i < int(n); i++ {
		t.sym[i] = int32(binary.LittleEndian.Uint32(b[4*i:]))
	}
	t.leaf = make([]bool, n)
	for i, b := range r.take(n, "huffman tree") {
		t.leaf[i] = b != 0
	}
	if n > 256 {
		t.leaf[0], t.sym[0] = false, 0 // SZ3 rebuilds a large tree's root as internal
	}
	return t, t.validate()
}

func idxWidth(n uint64) uint64 {
	switch {
	case n <= 256:
		return 1
	case n <= 65536:
		return 2
	}
	return 4
}

func readIdx(b []byte, w uint64) []int32 {
	out := make([]int32, uint64(len(b))/w)
	for i := range out {
		switch w {
		case 1:
			out[i] = int32(b[i])
		case 2:
			out[i] = int32(binary.LittleEndian.Uint16(b[2*i:]))
		default:
			out[i] = int32(binary.LittleEndian.Uint32(b[4*i:]))
		}
	}
	return out
}

// validate checks that every internal node reachable from the root has two
// children with larger indices inside the tree.
func (t *huffTree) validate() error {
	n := int32(len(t.leaf))
	reach := make([]bool, n)
	reach[0] = true
	for i := int32(0); i < n; i++ {
		if !reach[i] || t.leaf[i] {
			continue
		}
		l, r := t.left[i], t.right[i]
		if l <= i || r <= i || l >= n || r >= n {
			return codecerr.Errorf(ErrCorrupt, "huffman node %d has children %d, %d", i, l, r)
		}
		reach[l], reach[r] = true, true
	}
	return nil
}

const tableBits = 11

// tableEntry maps the next tableBits bits of the stream to a symbol and its
// code length, or (length 0) to the internal node reached after them:
// symbol or node index in the high 32 bits, length in the low 8.
type tableEntry uint64

func newTableEntry(sym int32, n uint) tableEntry {
	return tableEntry(uint64(uint32(sym))<<32 | uint64(n))
}

func (e tableEntry) sym() int32 { return int32(uint32(e >> 32)) }

func (e tableEntry) len() uint { return uint(e & 0xff) }

// table builds the first-level decoding table by walking the tree.
func (t *huffTree) table() []tableEntry {
	tab := make([]tableEntry, 1<<tableBits)
	type item struct {
		node  int32
		code  uint32
		depth uint
	}
	stack := []item{{0, 0, 0}}
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if t.leaf[it.node] {
			lo := it.code << (tableBits - it.depth)
			hi := (it.code + 1) << (tableBits - it.depth)
			e := newTableEntry(t.sym[it.node]+t.offset, it.depth)
			for i := lo; i < hi; i++ {
				tab[i] = e
			}
			continue
		}
		if it.depth == tableBits {
			tab[it.code] = newTableEntry(it.node, 0)
			continue
		}
		stack = append(stack, item{t.left[it.node], it.code << 1, it.depth + 1},
			item{t.right[it.node], it.code<<1 | 1, it.depth + 1})
	}
	return tab
}

// decode reads count Huffman-coded symbols from data (MSB-first bits).
func (t *huffTree) decode(data []byte, count int, out []int32) error {
	if t.leaf[0] {
		for i := range out[:count] {
			out[i] = t.sym[0] + t.offset
		}
		return nil
	}
	tab := t.table()
	br := msbReader{data: data}
	for i := range out[:count] {
		if br.nb <= 32 {
			br.fill()
		}
		e := tab[br.acc>>(64-tableBits)]
		if n := e.len(); n != 0 {
			br.skip(n)
			out[i] = e.sym()
			continue
		}
		br.skip(tableBits)
		node := e.sym()
		for !t.leaf[node] {
			if br.nb == 0 {
				br.fill()
			}
			bit := br.acc >> 63
			br.skip(1)
			if bit == 0 {
				node = t.left[node]
			} else {
				node = t.right[node]
			}
		}
		out[i] = t.sym[node] + t.offset
	}
	// Reads past the end supply zero bits: detect them here (every symbol
	// takes at least one bit, so the loop above is bounded by count).
	if br.overrun() {
		return codecerr.Errorf(ErrCorrupt, "huffman data ends early")
	}
	return nil
}
