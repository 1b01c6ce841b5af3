package core

import "bytes"

// MessageSpan locates one message in a buffer or file.
type MessageSpan struct {
	Offset int
	Length int
}

// Scan finds every complete message in buf with the forward scan of
// docs/format.md, "Scanning": garbage before, between and after messages is
// skipped byte by byte; a message whose end magic is not where its
// total_length says is skipped (scanning resumes one byte later); a
// streaming message (total_length 0) ends at the first end magic after its
// preamble. Scan never fails and runs in linear time (end-magic searches
// are cached across candidates).
func Scan(buf []byte) []MessageSpan {
	return AppendScan(nil, buf)
}

// AppendScan is Scan appending the spans to dst, so callers scanning many
// small buffers can reuse (or stack-allocate) the result slice.
func AppendScan(dst []MessageSpan, buf []byte) []MessageSpan {
	// Fields set one by one: a composite literal is built in a temporary
	// and copied, and that copy stalls on store forwarding (measurable
	// at ~20 ns per call).
	var s scanner
	s.win, s.end, s.size = buf, int64(len(buf)), int64(len(buf))
	out, _ := s.scan(dst)
	return out
}

// scanner is the one implementation of the forward scan, for Scan and
// ScanReaderAt: it reads the source through a window, which is the whole
// buffer for Scan and a refillable 1 MiB window for ScanReaderAt.
type scanner struct {
	win        []byte // source bytes [start, end)
	start, end int64
	size       int64 // source size
	// fill, when not nil, loads the window with the bytes from off on
	// (as many as fit, up to size).
	fill func(off int64) ([]byte, error)
	ends endCache
}

// view returns the window's bytes from off on when it holds [off, off+n);
// ok=false means the window must be refilled from off (never for a
// buffer, whose window is all of it).
func (s *scanner) view(off int64, n int) (w []byte, ok bool) {
	if off < s.start || off+int64(n) > s.end {
		return nil, false
	}
	return s.win[off-s.start:], true
}

// at returns the source bytes from off on: at least min(n, size-off) of
// them.
func (s *scanner) at(off int64, n int) ([]byte, error) {
	if w, ok := s.view(off, n); ok {
		return w, nil
	}
	w, err := s.fill(off)
	if err != nil {
		return nil, err
	}
	s.win, s.start, s.end = w, off, off+int64(len(w))
	return w, nil
}

// find returns the offset of the first occurrence of pat at or after
// from, or -1. Consecutive windows overlap by len(pat)-1 bytes so no
// occurrence is missed.
func (s *scanner) find(from int64, pat []byte) (int64, error) {
	for from+int64(len(pat)) <= s.size {
		w, err := s.at(from, len(pat))
		if err != nil {
			return 0, err
		}
		if i := bytes.Index(w, pat); i >= 0 {
			return from + int64(i), nil
		}
		if from+int64(len(w)) >= s.size {
			break
		}
		from += int64(len(w) - (len(pat) - 1))
	}
	return -1, nil
}

// scan appends the spans of every complete message to out. The window
// is read through view first: refilling (at) is the rare case.
func (s *scanner) scan(out []MessageSpan) ([]MessageSpan, error) {
	pos := int64(0)
	for pos+MinMessageSize <= s.size {
		pre, ok := s.view(pos, PreambleSize)
		if !ok {
			var err error
			if pre, err = s.at(pos, PreambleSize); err != nil {
				return nil, err
			}
		}
		if string(pre[:len(MagicStart)]) != "TENSOGRM" {
			next, err := s.find(pos+1, MagicStart)
			if err != nil {
				return nil, err
			}
			if next < 0 {
				break
			}
			pos = next
			continue
		}
		l, err := s.messageAt(pos, pre)
		if err != nil {
			return nil, err
		}
		if l > 0 {
			out = append(out, MessageSpan{Offset: int(pos), Length: int(l)})
			pos += l
			continue
		}
		pos++
	}
	return out, nil
}

// endCache remembers the last end-magic search: searching from `from`
// found the first occurrence at `at` (-1: none to the end). A later search
// from q with from ≤ q ≤ at (or at == -1) has the same answer.
type endCache struct {
	valid    bool
	from, at int64
}

func (c *endCache) lookup(q int64) (int64, bool) {
	if c.valid && q >= c.from && (c.at < 0 || q <= c.at) {
		return c.at, true
	}
	return 0, false
}

func (c *endCache) store(from, at int64) { *c = endCache{valid: true, from: from, at: at} }

// messageAt returns the length of the complete message starting at pos
// (start magic present, MinMessageSize bytes available; pre holds its
// preamble), or 0 when there
// is none: wrong version, total_length out of range, or no end magic where
// it must be.
func (s *scanner) messageAt(pos int64, pre []byte) (int64, error) {
	if be.Uint16(pre[8:]) != WireVersion {
		return 0, nil
	}
	t := be.Uint64(pre[16:])
	if t > 0 {
		if t < MinMessageSize || t > uint64(s.size-pos) {
			return 0, nil
		}
		tail, ok := s.view(pos+int64(t)-8, 8)
		if !ok {
			var err error
			if tail, err = s.at(pos+int64(t)-8, 8); err != nil {
				return 0, err
			}
		}
		if string(tail[:8]) == "39277777" {
			return int64(t), nil
		}
		return 0, nil
	}
	from := pos + PreambleSize
	q, ok := s.ends.lookup(from)
	if !ok {
		var err error
		if q, err = s.find(from, MagicEnd); err != nil {
			return 0, err
		}
		s.ends.store(from, q)
	}
	if q < 0 {
		return 0, nil
	}
	return q + 8 - pos, nil
}

// MessageIter iterates over the messages of a buffer.
type MessageIter struct {
	buf   []byte
	spans []MessageSpan
	pos   int
}

// NewMessageIter scans buf and returns an iterator over its messages.
func NewMessageIter(buf []byte) *MessageIter {
	return &MessageIter{buf: buf, spans: Scan(buf)}
}

// Next returns the next message's bytes (a sub-slice of the buffer), or
// ok=false at the end.
func (it *MessageIter) Next() (msg []byte, ok bool) {
	if it.pos >= len(it.spans) {
		return nil, false
	}
	s := it.spans[it.pos]
	it.pos++
	return it.buf[s.Offset : s.Offset+s.Length], true
}

// Remaining returns the number of messages not yet returned.
func (it *MessageIter) Remaining() int { return len(it.spans) - it.pos }

// Len returns the total number of messages found.
func (it *MessageIter) Len() int { return len(it.spans) }
