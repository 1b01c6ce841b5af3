package szip

import (
	"github.com/tensogram-go/tensogram-go/core/codec/internal/bitio"
	"github.com/tensogram-go/tensogram-go/core/codec/internal/codecerr"
)

// DecodeRange decodes the bytes [byteOffset, byteOffset+len(dst)) of the
// decompressed sample buffer into dst, seeking with the RSI offset table
// (one bit offset per RSI, as stored in szip_block_offsets) and decoding
// onward across RSI boundaries as far as needed.
//
// By default the table is not trusted: the start of the first RSI needed
// is found by a fast scan of the coded data sets before it (no samples are
// reconstructed), so the result is right even for tables with libaec's
// defective entries. With WithTrustedOffsets the stored entry is used
// directly, which makes the cost proportional to the range only; use it for
// tables written by Encode (default mode), tables checked once with
// DefectiveOffsets, or tables computed by ScanOffsets. WithRSIStarts keeps
// the scanned starts between calls on the same stream, so later ranges
// scan only past the furthest RSI reached so far.
//
// The caller must keep the range within the encoded data; bytes past the
// last encoded sample come out as decoder padding or as ErrTruncated.
func DecodeRange(dst, src []byte, p Params, offsets []uint64, byteOffset int, opts ...Option) error {
	c, err := newCoder(p)
	if err != nil {
		return err
	}
	if byteOffset < 0 {
		return codecerr.Errorf(ErrRange, "negative offset %d", byteOffset)
	}
	if len(dst) == 0 {
		return nil
	}
	first := byteOffset / c.cw
	endByte := byteOffset + len(dst)
	if endByte < byteOffset {
		return codecerr.Errorf(ErrRange, "range overflows")
	}
	last := (endByte + c.cw - 1) / c.cw
	lead := byteOffset - first*c.cw
	if lead == 0 && endByte%c.cw == 0 {
		return c.rangeTo(c.byteSink(dst, first), first, last-first, src, offsets, opts)
	}
	tmp := make([]byte, (last-first)*c.cw)
	if err := c.rangeTo(c.byteSink(tmp, first), first, last-first, src, offsets, opts); err != nil {
		return err
	}
	copy(dst, tmp[lead:])
	return nil
}

// rangeTo hands samples [first, first+count) (count > 0) to sink, seeking
// with the offset table as DecodeRange describes.
func (c *coder) rangeTo(sink SampleSink, first, count int, src []byte, offsets []uint64, opts []Option) error {
	if err := checkOffsetTable(offsets, len(src)); err != nil {
		return err
	}
	i := first / c.s
	if i >= len(offsets) {
		return codecerr.Errorf(ErrOffsets, "range starts in rsi %d but only %d offsets are stored", i, len(offsets))
	}
	o := buildOptions(opts)
	start, err := c.locateRSI(src, offsets, i, o.trustOffsets, o.starts)
	if err != nil {
		return err
	}
	r := bitio.NewReader(src, start)
	// Only RSI i needs samples before first (for the inverse mapping).
	_, err = c.decodeSpan(sink, &r, i, first, count, c.scratch(first+count-i*c.s))
	return err
}

// DecodeRangeTo decodes samples [first, first+count) of the stream like
// DecodeRange, handing them to sink in order, one RSI (or less) at a time,
// instead of storing their container bytes (so a consumer such as
// simple_packing's unpacking needs no intermediate buffer). The options
// are DecodeRange's; the caller keeps the range within the encoded data.
func DecodeRangeTo(sink SampleSink, first, count int, src []byte, p Params, offsets []uint64, opts ...Option) error {
	c, err := newCoder(p)
	if err != nil {
		return err
	}
	if first < 0 || count < 0 || first+count < first {
		return codecerr.Errorf(ErrRange, "sample range (%d, %d) is negative or overflows", first, count)
	}
	if count == 0 {
		return nil
	}
	return c.rangeTo(sink, first, count, src, offsets, opts)
}
