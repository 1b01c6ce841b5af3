package core

// verifyHashes checks the digest of data-object frames of the message in
// buf before anything else is checked or parsed (wire-format.md §5.5): the
// walk is bounded by total_length (the buffer when 0 or larger), only frame
// headers and lengths are checked, like upstream. which = -1 checks all
// objects, which ≥ 0 only that object.
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
	stop := end
	pos := PreambleSize
	obj := 0
	for pos < stop {
		if pos+2 > end {
			break
		}
		if buf[pos] != 'F' || buf[pos+1] != 'R' {
			pos++
			continue
		}
		if pos+FrameHeaderSize > end {
			break
		}
		hdr, err := ParseFrameHeader(buf[pos:end])
		if err != nil {
			return err
		}
		// Non-data frames are only skipped; upstream loops forever on a
		// zero length there, which we refuse. A data frame must hold its
		// header and footer.
		min := uint64(1)
		if hdr.Type == FrameNTensor {
			min = minDataFrameSize
		}
		if hdr.TotalLength < min {
			return framingErr("%s frame at offset %d: total_length %d smaller than minimum %d", hdr.Type, pos, hdr.TotalLength, min)
		}
		if hdr.TotalLength > uint64(end-pos) {
			return framingErr("%s frame at offset %d runs past the message end", hdr.Type, pos)
		}
		l := int(hdr.TotalLength)
		fr := rawFrame{hdr: hdr, offset: pos, length: l, frame: buf[pos : pos+l]}
		if hdr.Type == FrameNTensor {
			if string(fr.frame[l-4:]) != "ENDF" {
				return framingErr("frame missing ENDF marker while inspecting inline hash — likely truncated or not a v3 frame; re-read from source")
			}
			fr.body = fr.frame[FrameHeaderSize : l-DataFrameFooterSize]
			if which < 0 || which == obj {
				if err := checkFrameHash(fr, obj); err != nil {
					return err
				}
			}
			obj++
		}
		next := pos + align8(fr.length)
		if next > len(buf) || next < pos {
			next = pos + fr.length
		}
		pos = next
	}
	return nil
}

func checkFrameHash(fr rawFrame, obj int) error {
	if fr.hdr.Flags&FrameFlagHashPresent == 0 {
		return &MissingHashError{ObjectIndex: obj}
	}
	slot := be.Uint64(fr.frame[fr.length-12:])
	actual := HashXXH3(fr.body)
	if actual != slot {
		return &HashMismatchError{ObjectIndex: obj, Expected: FormatHash(slot), Actual: FormatHash(actual)}
	}
	return nil
}
