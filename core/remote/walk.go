package remote

import (
	"context"
	"encoding/binary"

	"github.com/tensogram-go/tensogram-go/core"
)

// eagerChunk is the first read of a message skipped by a forward-only
// accessor: enough for the header frames of most messages.
const eagerChunk = 256 << 10

// walkState is the message-discovery state of a File (guarded by File.mu).
type walkState struct {
	size          int64
	bidirectional bool // mode asked for at open
	msgs          []*layout
	fwd           int64 // end of the discovered prefix
	fwdDone       bool  // the forward walk has ended
	backActive    bool  // the backward walk is still running
	bwd           int64 // start of the backward-discovered suffix
	stack         []*layout
	// pending is the top of stack while its preamble is unconfirmed: the
	// confirming read rides along with the next round's two reads.
	pending *layout
	merged  bool
}

func (w *walkState) init(size int64, bidir bool) {
	*w = walkState{size: size, bidirectional: bidir, backActive: bidir, bwd: size}
}

func (w *walkState) complete() bool {
	return w.merged || w.fwdDone
}

// disableBack drops the backward walk and its provisional layouts.
func (w *walkState) disableBack() {
	w.backActive, w.stack, w.pending = false, nil, nil
}

// merge appends the backward-found layouts; the walk is then complete.
func (w *walkState) merge() {
	for k := len(w.stack) - 1; k >= 0; k-- {
		w.msgs = append(w.msgs, w.stack[k])
	}
	w.fwd, w.stack, w.backActive, w.merged = w.size, nil, false, true
}

// step advances discovery by one forward step or one paired round.
func (f *File) step(ctx context.Context, eager bool) error {
	if f.walk.backActive {
		return f.pairedRound(ctx)
	}
	_, err := f.forwardStep(ctx, f.walk.size, eager)
	return err
}

// preamble is a decoded 24-byte preamble candidate.
type preamble struct {
	ok    bool
	flags uint16
	total int64 // -1: overflows int64
}

func parsePre(b []byte) preamble {
	if len(b) < core.PreambleSize || string(b[:8]) != "TENSOGRM" || binary.BigEndian.Uint16(b[8:]) != core.WireVersion {
		return preamble{}
	}
	t := binary.BigEndian.Uint64(b[16:])
	if t > 1<<62 {
		return preamble{ok: true, flags: binary.BigEndian.Uint16(b[10:]), total: -1}
	}
	return preamble{ok: true, flags: binary.BigEndian.Uint16(b[10:]), total: int64(t)}
}

// forwardStep reads the preamble at the forward cursor and records the
// message it announces (no end-magic check for buffered messages; a
// streaming message runs to the end of the object if its last 8 bytes are
// the end magic). Anything else ends the forward walk. With eager, the
// first read is a chunk of up to 256 KiB whose header frames fill the
// layout.
func (f *File) forwardStep(ctx context.Context, bound int64, eager bool) (bool, error) {
	w := &f.walk
	pos := w.fwd
	if w.fwdDone || pos+core.MinMessageSize > bound {
		w.fwdDone = true
		return false, nil
	}
	n := int64(core.PreambleSize)
	if eager {
		n = min(eagerChunk, w.size-pos)
	}
	b, err := f.obj.ReadRange(ctx, pos, n)
	if err != nil {
		return false, err
	}
	p := parsePre(b)
	if !p.ok {
		w.fwdDone = true
		return false, nil
	}
	if p.total == 0 {
		return f.streamingTail(ctx, pos, p)
	}
	if p.total < core.MinMessageSize || p.total > bound-pos {
		w.fwdDone = true
		return false, nil
	}
	l := &layout{off: pos, length: p.total, flags: p.flags}
	w.msgs = append(w.msgs, l)
	w.fwd = pos + p.total
	if eager {
		return true, f.fill(ctx, l, b[:min(int64(len(b)), p.total)])
	}
	return true, nil
}

// streamingTail records a streaming message at pos running to the end of
// the object, if the object ends with the end magic.
func (f *File) streamingTail(ctx context.Context, pos int64, p preamble) (bool, error) {
	w := &f.walk
	w.fwdDone = true
	if w.size-pos < core.MinMessageSize {
		return false, nil
	}
	tail, err := f.obj.ReadRange(ctx, w.size-8, 8)
	if err != nil {
		return false, err
	}
	if string(tail) != "39277777" {
		return false, nil
	}
	w.msgs = append(w.msgs, &layout{off: pos, length: w.size - pos, flags: p.flags, streaming: true})
	w.fwd = w.size
	return true, nil
}

// pairedRound reads the next preamble (forward), the previous postamble
// (backward) and the preamble confirming the previous round's backward
// candidate, all three in parallel (one round trip per round; upstream's
// synchronous walker needs two), and commits. Any inconsistency disables
// the backward walk, and a backward layout is merged only once confirmed,
// so the result is always what a forward walk finds.
func (f *File) pairedRound(ctx context.Context) error {
	w := &f.walk
	F, B := w.fwd, w.bwd
	if B-F < core.MinMessageSize {
		if B == F {
			return f.confirmAndMerge(ctx)
		}
		w.disableBack()
		_, err := f.forwardStep(ctx, w.size, false)
		return err
	}
	offs := []int64{F, B - core.PostambleSize}
	if w.pending != nil {
		offs = append(offs, w.pending.off)
	}
	got, err := f.read24s(ctx, offs)
	if err != nil {
		return err
	}
	if w.pending != nil && !w.confirm(got[2]) {
		// The backward side was wrong: forward steps take over.
		_, err := f.forwardStep(ctx, w.size, false)
		return err
	}
	fp := parsePre(got[0])
	switch {
	case !fp.ok || fp.total < 0 || (fp.total > 0 && fp.total < core.MinMessageSize) || fp.total > w.size-F:
		w.fwdDone = true
		w.disableBack()
		return nil
	case fp.total == 0:
		// A streaming message: forward steps take over.
		w.disableBack()
		_, err := f.forwardStep(ctx, w.size, false)
		return err
	case F+fp.total > B:
		// It reaches into the backward side: that side was wrong.
		w.disableBack()
		w.msgs = append(w.msgs, &layout{off: F, length: fp.total, flags: fp.flags})
		w.fwd = F + fp.total
		return nil
	}
	if cand := w.backwardCandidate(got[1], F, B, fp.total); cand != nil {
		w.stack = append(w.stack, cand)
		w.bwd, w.pending = cand.off, cand
	}
	w.msgs = append(w.msgs, &layout{off: F, length: fp.total, flags: fp.flags})
	w.fwd = F + fp.total
	if w.backActive && w.fwd == w.bwd {
		return f.confirmAndMerge(ctx)
	}
	return nil
}

// confirm checks the pending candidate's preamble: "TENSOGRM", version 3
// and the postamble's total_length. It takes the flags from it, or
// disables the backward walk and reports false.
func (w *walkState) confirm(pre []byte) bool {
	cp := parsePre(pre)
	if !cp.ok || cp.total != w.pending.length {
		w.disableBack()
		return false
	}
	w.pending.flags, w.pending = cp.flags, nil
	return true
}

// confirmAndMerge merges the backward layouts once the walkers met,
// reading the pending candidate's preamble first if there is one; a
// failed confirmation leaves the rest to forward steps.
func (f *File) confirmAndMerge(ctx context.Context) error {
	w := &f.walk
	if w.pending != nil {
		b, err := f.obj.ReadRange(ctx, w.pending.off, core.PreambleSize)
		if err != nil {
			return err
		}
		if !w.confirm(b) {
			return nil
		}
	}
	w.merge()
	return nil
}

// backwardCandidate checks the postamble ending at B. It returns the
// candidate message it points to (flags unknown until confirmed), or nil
// (possibly disabling the backward walk) when there is nothing to push;
// the candidate equal to the forward hit [F, F+ft) is skipped silently.
func (w *walkState) backwardCandidate(post []byte, F, B, ft int64) *layout {
	if string(post[16:24]) != "39277777" {
		w.disableBack()
		return nil
	}
	t := binary.BigEndian.Uint64(post[8:16])
	if t < core.MinMessageSize || t > uint64(B-F) {
		w.disableBack()
		return nil
	}
	start := B - int64(t)
	if start == F && int64(t) == ft {
		return nil
	}
	if start < F+ft {
		w.disableBack()
		return nil
	}
	return &layout{off: start, length: int64(t)}
}

// read24s reads 24 bytes at each offset, all in parallel.
func (f *File) read24s(ctx context.Context, offs []int64) ([][]byte, error) {
	out := make([][]byte, len(offs))
	err := forEachLimit(ctx, len(offs), len(offs), func(ctx context.Context, k int) error {
		b, err := f.obj.ReadRange(ctx, offs[k], core.PreambleSize)
		out[k] = b
		return err
	})
	return out, err
}
