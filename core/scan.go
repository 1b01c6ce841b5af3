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
	out := dst
	var ends endCache
	pos := 0
	end := len(buf)
	for pos+MinMessageSize <= end {
		if string(buf[pos:pos+8]) != "TENSOGRM" {
			next := bytes.Index(buf[pos+1:], MagicStart)
			if next < 0 {
				break
			}
			pos += 1 + next
			continue
		}
		if l, ok := messageAt(buf, pos, &ends); ok {
			out = append(out, MessageSpan{Offset: pos, Length: l})
			pos += l
			continue
		}
		pos++
	}
	return out
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

// messageAt checks for a complete message starting at pos (magic present)
// and returns its length.
func messageAt(buf []byte, pos int, ends *endCache) (int, bool) {
	end := len(buf)
	if pos+MinMessageSize > end {
		return 0, false
	}
	if be.Uint16(buf[pos+8:]) != WireVersion {
		return 0, false
	}
	t := be.Uint64(buf[pos+16:])
	if t > 0 {
		if t < MinMessageSize || t > uint64(end-pos) {
			return 0, false
		}
		l := int(t)
		if string(buf[pos+l-8:pos+l]) == "39277777" {
			return l, true
		}
		return 0, false
	}
	from := int64(pos + PreambleSize)
	q, ok := ends.lookup(from)
	if !ok {
		q = -1
		if i := bytes.Index(buf[from:], MagicEnd); i >= 0 {
			q = from + int64(i)
		}
		ends.store(from, q)
	}
	if q < 0 {
		return 0, false
	}
	return int(q) + 8 - pos, true
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
