package core

// ParseDataFrame parses one standalone NTensorFrame (from its "FR" header
// to its ENDF marker, without padding), as read on its own from a file or
// object store by offset and length from the message's index frame. It
// applies the checks ParseMessage applies to a data-object frame; with
// verify, the frame's digest is checked first and integrity errors carry
// objectIndex. The returned view's FrameOffset is 0 and Preceder is nil.
func ParseDataFrame(frame []byte, objectIndex int, verify bool) (*ObjectView, error) {
	hdr, err := ParseFrameHeader(frame)
	if err != nil {
		return nil, err
	}
	if hdr.Type != FrameNTensor {
		return nil, framingErr("expected NTensorFrame, got %s", hdr.Type)
	}
	if hdr.TotalLength != uint64(len(frame)) {
		return nil, framingErr("data object frame total_length %d differs from the %d bytes given", hdr.TotalLength, len(frame))
	}
	if verify {
		if err := checkFrameHash(frame, hdr, objectIndex); err != nil {
			return nil, err
		}
	}
	if len(frame) < minDataFrameSize {
		return nil, framingErr("data object frame too small: total_length %d < %d", len(frame), minDataFrameSize)
	}
	l := len(frame)
	if string(frame[l-4:]) != "ENDF" {
		return nil, framingErr("missing ENDF marker at end of %s frame", hdr.Type)
	}
	ov, err := parseDataFrame(rawFrame{hdr: hdr, length: l, frame: frame, body: frame[FrameHeaderSize : l-DataFrameFooterSize]})
	if err != nil {
		return nil, err
	}
	return &ov, nil
}
