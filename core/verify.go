package core

// verifyHashes checks the digest of data-object frames of the message in
// buf before any CBOR is parsed (wire-format.md §5.5). which = -1 checks all
// objects, which ≥ 0 only that object.
func verifyHashes(buf []byte, msgEnd, which int) error {
	pos := PreambleSize
	obj := 0
	for pos < msgEnd {
		if pos+2 > len(buf) {
			break
		}
		if buf[pos] != 'F' || buf[pos+1] != 'R' {
			pos++
			continue
		}
		if pos+FrameHeaderSize > len(buf) {
			break
		}
		fr, err := readFrame(buf, pos)
		if err != nil {
			return err
		}
		if fr.offset+fr.length > msgEnd {
			return framingErr("%s frame at offset %d runs past the message end", fr.hdr.Type, pos)
		}
		if fr.hdr.Type == FrameNTensor {
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
