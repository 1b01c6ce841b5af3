package sz3

import (
	"cmp"
	"encoding/binary"
	"slices"
	"sync"

	"github.com/tensogram-go/tensogram-go/core/codec/internal/codecerr"
)

// huffCode is a built Huffman code over symbols [min, min+len(lens)).
type huffCode struct {
	min    int32
	max    int32
	tree   huffTree // preorder-numbered, as serialised
	codes  []uint64 // code of symbol min+i, right-aligned
	lens   []uint8  // code length of symbol min+i (0: unused symbol)
	bits   uint64   // total code length of the symbols counted
	maxLen uint8    // longest code length
	nodes  []huffNode
}

// huffPool recycles codes and their tables (see release): the tables span
// every symbol between the smallest and the largest, tens of thousands of
// entries for quantisation indices, and an encode builds a dozen codes.
var huffPool = sync.Pool{New: func() any { return new(huffCode) }}

// release returns c to huffPool; c must not be used afterwards.
func (c *huffCode) release() { huffPool.Put(c) }

// resized returns s with length n, reusing its array when large enough
// (the contents are then stale).
func resized[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// reset prepares c for the symbols [lo, lo+span), with room for a tree
// of used leaves.
func (c *huffCode) reset(lo int32, span, used int) {
	c.min, c.max = lo, lo+int32(span)-1
	c.codes = resized(c.codes, span)
	c.lens = resized(c.lens, span)
	clear(c.lens)
	c.bits, c.maxLen = 0, 0
	t := &c.tree
	t.offset = lo
	t.left, t.right = slices.Grow(t.left[:0], 2*used), slices.Grow(t.right[:0], 2*used)
	t.sym, t.leaf = slices.Grow(t.sym[:0], 2*used), slices.Grow(t.leaf[:0], 2*used)
	c.nodes = slices.Grow(c.nodes[:0], 2*used)
}

// encodedLen is the number of bytes appendTree, the index count and
// appendCoded write for the symbols c was built from, plus appendCoded's
// 4 bytes of slack.
func (c *huffCode) encodedLen() int {
	n := len(c.tree.leaf)
	return 13 + n*(2*int(idxWidth(uint64(n)))+5) + 8 + 8 + int((c.bits+7)/8) + 4
}

// huffNode is a node of the code's tree under construction: a leaf
// (left < 0) of symbol sym, or an internal node over nodes left and right.
type huffNode struct {
	freq        uint64
	sym         int32
	left, right int32
}

// mergeQueues builds the tree with the two-queue method over leaves
// sorted by frequency (ties in symbol order): internal nodes are created
// in non-decreasing frequency order, the two smallest heads merged each
// step (leaves first on ties). It returns every node (leaves first) and
// the root's index.
func mergeQueues(nodes []huffNode) ([]huffNode, int32) {
	slices.SortFunc(nodes, func(a, b huffNode) int {
		if c := cmp.Compare(a.freq, b.freq); c != 0 {
			return c
		}
		return cmp.Compare(a.sym, b.sym)
	})
	nl := len(nodes)
	li, ii := 0, nl
	pop := func() int32 {
		if li < nl && (ii >= len(nodes) || nodes[li].freq <= nodes[ii].freq) {
			li++
			return int32(li - 1)
		}
		ii++
		return int32(ii - 1)
	}
	for nl-li+len(nodes)-ii > 1 {
		a, b := pop(), pop()
		nodes = append(nodes, huffNode{freq: nodes[a].freq + nodes[b].freq, left: a, right: b})
	}
	return nodes, pop()
}

// errDeepCode reports a Huffman code longer than 64 bits (only possible
// for astronomically skewed counts); callers fall back to lossless.
var errDeepCode = codecerr.Errorf(ErrParams, "huffman code longer than 64 bits")

// buildHuffman builds a Huffman code for the symbols in syms (not empty).
func buildHuffman(syms []int32) (*huffCode, error) {
	lo, hi := syms[0], syms[0]
	for _, s := range syms {
		lo, hi = min(lo, s), max(hi, s)
	}
	freq := make([]uint64, int(hi-lo)+1)
	for _, s := range syms {
		freq[s-lo]++
	}
	return codeFromFreq(freq, lo)
}

// buildHuffmanSpan is buildHuffman for symbols (not empty) known to lie
// in [0, span): it counts them in one pass. Quantisation indices are 0
// (verbatim values) or cluster around span/2, with tens of thousands of
// unused symbols in between, so the counts are gathered from symbol 0 and
// from a window grown outward from span/2 until it holds every symbol,
// never walking the empty stretch.
func buildHuffmanSpan(syms []int32, span int32) (*huffCode, error) {
	fp := countPool.get(2 * int(span))
	defer countPool.put(fp)
	// Two tables, for symbols at even and odd positions: a run of equal
	// symbols then alternates between two counters instead of waiting on
	// one. Pooled tables are all zero, and are left so.
	a, b := (*fp)[:span], (*fp)[span:2*span]
	pairs := syms[:len(syms)&^1]
	for i := 0; i+1 < len(pairs); i += 2 {
		a[pairs[i]]++
		b[pairs[i+1]]++
	}
	if len(syms)%2 == 1 {
		a[syms[len(syms)-1]]++
	}
	lo, hi := countWindow(a, b, uint64(len(syms)))
	defer clear(a[lo : hi+1])
	defer clear(a[:1])
	return codeFromWindow(a, lo, hi)
}

// buildHuffmanCounts builds the code of total symbols (at least one)
// counted in counts (symbol s counts[s] times; see buildHuffmanSpan),
// which it leaves as they are.
func buildHuffmanCounts(counts []uint64, total int) (*huffCode, error) {
	lo, hi := countWindow(counts, nil, uint64(total))
	return codeFromWindow(counts, lo, hi)
}

// clearCounts zeroes the counts of total symbols in counts.
func clearCounts(counts []uint64, total int) {
	lo, hi := countWindow(counts, nil, uint64(total))
	clear(counts[:1])
	clear(counts[lo : hi+1])
}

// codeFromWindow builds the code of the symbols counted in a at 0 and
// in [lo, hi] (countWindow's window).
func codeFromWindow(a []uint64, lo, hi int) (*huffCode, error) {
	segs := make([]countSeg, 0, 2)
	if a[0] != 0 {
		segs = append(segs, countSeg{0, a[:1]})
	}
	for lo <= hi && a[lo] == 0 {
		lo++
	}
	for hi >= lo && a[hi] == 0 {
		hi--
	}
	if lo <= hi {
		segs = append(segs, countSeg{int32(lo), a[lo : hi+1]})
	}
	return codeFromCounts(segs)
}

// countWindow adds the counts of b (nil: none) into a (and zeroes b) at
// symbol 0 and over the window [lo, hi] of symbols ≥ 1, grown outward
// from len(a)/2 until the counts seen reach total; every other count is
// then zero.
func countWindow(a, b []uint64, total uint64) (lo, hi int) {
	merge := func(i int) uint64 {
		if b != nil {
			a[i] += b[i]
			b[i] = 0
		}
		return a[i]
	}
	seen := merge(0)
	lo, hi = max(len(a)/2, 1), max(len(a)/2, 1)-1 // empty
	for seen < total {
		grown := false
		if hi+1 < len(a) {
			hi++
			seen += merge(hi)
			grown = true
		}
		if lo > 1 {
			lo--
			seen += merge(lo)
			grown = true
		}
		if !grown {
			break
		}
	}
	return lo, hi
}

// countSeg is a run of counts: symbol start+i was counted freq[i] times.
type countSeg struct {
	start int32
	freq  []uint64
}

// codeFromFreq builds the code of symbols lo+i counted freq[i] times
// (freq[0] and freq[len-1] not zero).
func codeFromFreq(freq []uint64, lo int32) (*huffCode, error) {
	return codeFromCounts([]countSeg{{lo, freq}})
}

// codeFromCounts builds the code of the symbols counted in segs (in
// ascending symbol order, the first and last counts of the whole not
// zero; counts between segments are zero).
func codeFromCounts(segs []countSeg) (*huffCode, error) {
	used := 0
	for _, sg := range segs {
		for _, f := range sg.freq {
			if f != 0 {
				used++
			}
		}
	}
	lo, end := segs[0].start, segs[len(segs)-1]
	c := huffPool.Get().(*huffCode)
	c.reset(lo, int(end.start-lo)+len(end.freq), used)
	nodes := c.nodes
	for _, sg := range segs {
		for i, f := range sg.freq {
			if f != 0 {
				nodes = append(nodes, huffNode{freq: f, sym: sg.start - lo + int32(i), left: -1})
			}
		}
	}
	nodes, root := mergeQueues(nodes)
	c.nodes = nodes
	if err := c.number(nodes, root, 0, 0); err != nil {
		c.release()
		return nil, err
	}
	return c, nil
}

// number appends node k's subtree to the serialised tree in preorder and
// assigns codes (left 0, right 1).
func (c *huffCode) number(nodes []huffNode, k int32, code uint64, depth int) error {
	t := &c.tree
	i := len(t.leaf)
	t.left, t.right = append(t.left, 0), append(t.right, 0)
	n := &nodes[k]
	if n.left < 0 {
		if depth > 64 {
			return errDeepCode
		}
		t.sym, t.leaf = append(t.sym, n.sym), append(t.leaf, true)
		c.codes[n.sym], c.lens[n.sym] = code, uint8(depth)
		c.bits += n.freq * uint64(depth)
		c.maxLen = max(c.maxLen, uint8(depth))
		return nil
	}
	t.sym, t.leaf = append(t.sym, 0), append(t.leaf, false)
	t.left[i] = int32(len(t.leaf))
	if err := c.number(nodes, n.left, code<<1, depth+1); err != nil {
		return err
	}
	t.right[i] = int32(len(t.leaf))
	return c.number(nodes, n.right, code<<1|1, depth+1)
}

// appendTree serialises the tree the way SZ3's Huffman encoder does.
func (c *huffCode) appendTree(dst []byte) []byte {
	t := &c.tree
	n := uint64(len(t.leaf))
	dst = le32(dst, uint32(c.min))
	dst = binary.BigEndian.AppendUint32(dst, uint32(n))
	dst = binary.BigEndian.AppendUint32(dst, uint32((int64(c.max)-int64(c.min)+2)/2))
	dst = append(dst, 0) // little-endian marker
	w := idxWidth(n)
	for _, arr := range [][]int32{t.left, t.right} {
		for _, v := range arr {
			switch w {
			case 1:
				dst = append(dst, byte(v))
			case 2:
				dst = binary.LittleEndian.AppendUint16(dst, uint16(v))
			default:
				dst = le32(dst, uint32(v))
			}
		}
	}
	for _, s := range t.sym {
		dst = le32(dst, uint32(s))
	}
	for _, l := range t.leaf {
		b := byte(0)
		if l {
			b = 1
		}
		dst = append(dst, b)
	}
	return dst
}

// appendCoded writes the coded size u64 and the codes of syms, MSB first
// (the last byte zero-padded). syms must be exactly the symbols c was
// built from: the output is sized from the bit count counted then.
func (c *huffCode) appendCoded(dst []byte, syms []int32) []byte {
	size := int((c.bits + 7) / 8)
	dst = le64(dst, uint64(size))
	at := len(dst)
	dst = slices.Grow(dst, size+4)
	out := dst[at : at+size+4] // 4 bytes of slack for writeShort's blind stores
	if c.maxLen <= 32 {
		c.writeShort(out, syms)
	} else {
		c.writeLong(out, syms)
	}
	return dst[:at+size]
}

// writeShort fills out (the coded bytes and 4 bytes of slack) with the
// codes of syms when no code is longer than 32 bits. It stores the top
// word after every code and advances past it only once the word is full,
// so the loop has no data-dependent branch.
func (c *huffCode) writeShort(out []byte, syms []int32) {
	codes, lens, lo := c.codes, c.lens[:len(c.codes)], c.min
	var acc uint64 // the n < 32 pending bits (right-aligned) below older ones
	var n uint
	w := 0
	for _, s := range syms {
		k := int(s - lo)
		l := uint(lens[k])
		acc = acc<<(l&63) | codes[k] // l ≤ 32: the mask only drops Go's shift-overflow check
		n += l
		full := n >> 5 // 1 when 32 bits are ready
		n -= full << 5
		binary.BigEndian.PutUint32(out[w:], uint32(acc>>(n&63)))
		w += int(full) << 2
	}
	flushTail(out[w:], acc, n)
}

// writeLong is writeShort for codes of up to 64 bits: a long code goes
// in as its high and low 32 bits.
func (c *huffCode) writeLong(out []byte, syms []int32) {
	var acc uint64
	var n uint
	w := 0
	put := func(code uint64, l uint) {
		acc = acc<<(l&63) | code
		n += l
		if n >= 32 {
			n -= 32
			binary.BigEndian.PutUint32(out[w:], uint32(acc>>(n&63)))
			w += 4
		}
	}
	for _, s := range syms {
		k := int(s - c.min)
		l, code := uint(c.lens[k]), c.codes[k]
		if l > 32 {
			put(code>>32, l-32)
			l, code = 32, code&(1<<32-1)
		}
		put(code, l)
	}
	flushTail(out[w:], acc, n)
}

// flushTail writes the last n < 32 bits of acc, MSB first, the last byte
// zero-padded.
func flushTail(out []byte, acc uint64, n uint) {
	w := 0
	for ; n >= 8; n -= 8 {
		out[w] = byte(acc >> (n - 8))
		w++
	}
	if n > 0 {
		out[w] = byte(acc << (8 - n))
	}
}

// appendHuffman writes tree and coded symbols of syms.
func appendHuffman(dst []byte, syms []int32) ([]byte, error) {
	c, err := buildHuffman(syms)
	if err != nil {
		return nil, err
	}
	defer c.release()
	return c.appendCoded(c.appendTree(dst), syms), nil
}
