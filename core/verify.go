package core

// verifyHashes checks the digest of data-object frames of the message in
// buf before anything else is checked or parsed (docs/format.md, "Hashes"): the
// walk is bounded by total_length (the buffer when 0 or larger), only frame
// headers and lengths are checked, like upstream. which = -1 checks all
// objects; which ≥ 0 only that object, and the walk stops there.
func verifyHashes(buf []byte, pre Preamble, which int) error {
	// Frames must end before the postamble: total_length-24, or len-24
	// for streaming messages.
	end := len(buf) - PostambleSize
	if pre.TotalLength > 0 {
		if pre.TotalLength > uint64(len(buf)) {
			return framingErr("total_length %d exceeds buffer size %d", pre.TotalLength, len(buf))
		}
		end = max(int(pre.TotalLength)-PostambleSize, 0)
	}
	obj := 0
	c := newFrameCursor(buf, end, end)
	for c.seek(nil) == stepFrame {
		pos := c.pos
		hdr, err := c.header()
		if err != nil {
			return err
		}
		data := hdr.Type == FrameNTensor
		target := data && (which < 0 || which == obj)
		if hdr.TotalLength == 0 && pos%8 == 0 {
			// The walk would not move. Upstream loops forever on such a
			// non-data frame, which we refuse; a data frame is counted
			// again as each following object until it is the one checked.
			if !data {
				return framingErr("%s frame at offset %d: total_length 0", hdr.Type, pos)
			}
			obj, target = max(obj, which), true
		}
		if hdr.TotalLength > uint64(end-pos) {
			return framingErr("%s frame at offset %d runs past the message end", hdr.Type, pos)
		}
		l := int(hdr.TotalLength)
		if target {
			// Only the checked objects' frames are inspected beyond their
			// header and length (upstream).
			if err := checkFrameHash(buf[pos:pos+l], hdr, obj); err != nil {
				return err
			}
			if which >= 0 {
				return nil
			}
		}
		if data {
			obj++
		}
		c.pos = align8(pos + l)
	}
	return nil
}

// checkFrameHash checks one data-object frame's digest in upstream's order:
// room for the hash slot, ENDF, HASH_PRESENT, room for the data footer, digest.
func checkFrameHash(f []byte, hdr FrameHeader, obj int) error {
	l := len(f)
	if l < FrameHeaderSize+FrameFooterSize {
		return framingErr("frame too small to read hash slot: %d bytes < %d", l, FrameHeaderSize+FrameFooterSize)
	}
	if string(f[l-4:]) != "ENDF" {
		return framingErr("frame missing ENDF marker while inspecting inline hash — likely truncated or not a v3 frame; re-read from source")
	}
	if hdr.Flags&FrameFlagHashPresent == 0 {
		return &MissingHashError{ObjectIndex: obj}
	}
	if l < minDataFrameSize {
		return framingErr("frame too small to hash: %d bytes < %d", l, minDataFrameSize)
	}
	slot := be.Uint64(f[l-12:])
	actual := HashXXH3(f[FrameHeaderSize : l-DataFrameFooterSize])
	if actual != slot {
		return &HashMismatchError{ObjectIndex: obj, Expected: FormatHash(slot), Actual: FormatHash(actual)}
	}
	return nil
}
