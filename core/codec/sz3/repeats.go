package sz3

import "encoding/binary"

// Repeated content, estimated cheaply: anchors are the positions whose
// 5-byte window hashes into 1/32 of the hash space, so a window
// that occurs twice is an anchor both times whatever its offset; each
// anchor's window is looked up among earlier anchors' windows (a table of
// one window per hash slot). Five bytes: the two-sine fields whose long
// matches only klauspost's strongest level finds repeat 10-30 % of their
// 5-byte anchors but only 1-5 % of their 8-byte ones.

const repeatBits = 16 // table slots: 1<<repeatBits

// repeatedAnchors returns how many anchors of b there are and how many
// of them repeat an earlier anchor's window (positions i with i+8 ≤
// len(b)). One 8-byte load serves the windows of four positions.
func repeatedAnchors(b []byte) (repeated, anchors int) {
	tp := wordPool.get(1 << repeatBits)
	defer wordPool.put(tp)
	table := (*tp)[:1<<repeatBits]
	clear(table)
	look := func(w uint64) { // w: a window in its top 5 bytes
		h := w * 0x9e3779b97f4a7c15 // top bits depend on every window bit
		if h>>59 != 0 {             // 1 position in 32
			return
		}
		anchors++
		slot := &table[(h>>(59-repeatBits))&(1<<repeatBits-1)]
		if *slot == w {
			repeated++ // an all-zero window counts too: zero runs repeat
		}
		*slot = w
	}
	i := 0
	for ; i+11 <= len(b); i += 4 { // positions i..i+3, all with 8 bytes ahead
		x := binary.LittleEndian.Uint64(b[i:])
		look(x << 24)
		look(x << 16 &^ (1<<24 - 1))
		look(x << 8 &^ (1<<24 - 1))
		look(x &^ (1<<24 - 1))
	}
	for ; i+8 <= len(b); i++ {
		look(binary.LittleEndian.Uint64(b[i:]) << 24)
	}
	return repeated, anchors
}
