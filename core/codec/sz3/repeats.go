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
// of them repeat an earlier anchor's window.
func repeatedAnchors(b []byte) (repeated, anchors int) {
	tp := wordPool.get(1 << repeatBits)
	defer wordPool.put(tp)
	table := (*tp)[:1<<repeatBits]
	clear(table)
	for i := 0; i+8 <= len(b); i++ {
		w := binary.LittleEndian.Uint64(b[i:]) << 24 // the window b[i:i+5]
		h := w * 0x9e3779b97f4a7c15                  // top bits depend on every window bit
		if h>>59 != 0 {                              // 1 position in 32
			continue
		}
		anchors++
		slot := &table[(h>>(59-repeatBits))&(1<<repeatBits-1)]
		if *slot == w {
			repeated++ // an all-zero window counts too: zero runs repeat
		}
		*slot = w
	}
	return repeated, anchors
}
