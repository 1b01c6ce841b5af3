package core

import "encoding/binary"

// Wire-format constants of Tensogram v3 (docs/format.md: preamble, frames,
// postamble).
const (
	// WireVersion is the only message version this package reads and writes.
	WireVersion = 3

	PreambleSize        = 24 // bytes of the message preamble
	PostambleSize       = 24 // bytes of the message postamble
	FrameHeaderSize     = 16 // bytes of every frame header
	FrameFooterSize     = 12 // footer of non-data frames: hash + ENDF
	DataFrameFooterSize = 20 // footer of NTensorFrame: cbor_offset + hash + ENDF
	MinMessageSize      = PreambleSize + PostambleSize

	minFrameSize     = FrameHeaderSize + FrameFooterSize
	minDataFrameSize = FrameHeaderSize + DataFrameFooterSize
)

// Magic byte strings.
var (
	MagicStart = []byte("TENSOGRM")
	MagicEnd   = []byte("39277777")
	frameEnd   = []byte("ENDF")
)

// Message flags (preamble offset 10).
const (
	FlagHeaderMetadata   uint16 = 1 << 0
	FlagFooterMetadata   uint16 = 1 << 1
	FlagHeaderIndex      uint16 = 1 << 2
	FlagFooterIndex      uint16 = 1 << 3
	FlagHeaderHashes     uint16 = 1 << 4
	FlagFooterHashes     uint16 = 1 << 5
	FlagPrecederMetadata uint16 = 1 << 6
	FlagHashesPresent    uint16 = 1 << 7
)

// Frame flags (frame header offset 6).
const (
	// FrameFlagCBORAfterPayload marks an NTensorFrame whose descriptor follows the payload.
	FrameFlagCBORAfterPayload uint16 = 1 << 0
	// FrameFlagHashPresent marks a frame whose footer slot holds a real digest.
	FrameFlagHashPresent uint16 = 1 << 1
)

// FrameType is the u16 type field of a frame header.
type FrameType uint16

// Frame types of wire version 3.
const (
	FrameHeaderMetadata   FrameType = 1
	FrameHeaderIndex      FrameType = 2
	FrameHeaderHash       FrameType = 3
	FrameFooterHash       FrameType = 5
	FrameFooterIndex      FrameType = 6
	FrameFooterMetadata   FrameType = 7
	FramePrecederMetadata FrameType = 8
	FrameNTensor          FrameType = 9
)

var frameTypeNames = [...]string{
	1: "HeaderMetadata", 2: "HeaderIndex", 3: "HeaderHash", 5: "FooterHash",
	6: "FooterIndex", 7: "FooterMetadata", 8: "PrecederMetadata", 9: "NTensorFrame",
}

// String returns upstream's name of the frame type.
func (t FrameType) String() string {
	if int(t) < len(frameTypeNames) && frameTypeNames[t] != "" {
		return frameTypeNames[t]
	}
	return "Unknown"
}

// Valid reports whether t is a frame type of wire version 3.
func (t FrameType) Valid() bool {
	return t >= 1 && t <= 9 && t != 4
}

// Phase returns the ordering phase of a frame type: 0 headers, 1 body, 2 footers.
func (t FrameType) Phase() int {
	switch t {
	case FrameHeaderMetadata, FrameHeaderIndex, FrameHeaderHash:
		return 0
	case FramePrecederMetadata, FrameNTensor:
		return 1
	default:
		return 2
	}
}

func phaseName(p int) string {
	return [...]string{"headers", "data objects", "footers"}[p]
}

// footerSize returns the footer length of a frame type.
func (t FrameType) footerSize() int {
	if t == FrameNTensor {
		return DataFrameFooterSize
	}
	return FrameFooterSize
}

// checkFrameType returns upstream's error for an invalid frame type.
func checkFrameType(t FrameType) error {
	if t == 4 {
		return framingErr("reserved frame type 4 (obsolete v2 NTensorFrame) not supported in v3")
	}
	if !t.Valid() {
		return framingErr("unknown frame type: %d", uint16(t))
	}
	return nil
}

// Preamble is the decoded 24-byte message preamble.
type Preamble struct {
	Version     uint16
	Flags       uint16
	Reserved    uint32
	TotalLength uint64 // 0 = streaming (unknown)
}

// Postamble is the decoded 24-byte message postamble.
type Postamble struct {
	FirstFooterOffset uint64
	TotalLength       uint64
}

// FrameHeader is a decoded 16-byte frame header.
type FrameHeader struct {
	Type        FrameType
	Version     uint16
	Flags       uint16
	TotalLength uint64
}

var be = binary.BigEndian

func align8(x int) int { return (x + 7) &^ 7 }

func align8u(x uint64) (uint64, bool) {
	if x > ^uint64(0)-7 {
		return 0, false
	}
	return (x + 7) &^ 7, true
}

// ParsePreamble decodes and checks the preamble at the start of buf.
func ParsePreamble(buf []byte) (Preamble, error) {
	if len(buf) < PreambleSize {
		return Preamble{}, framingErr("buffer too short for preamble: %d bytes < %d", len(buf), PreambleSize)
	}
	if string(buf[:8]) != "TENSOGRM" {
		return Preamble{}, framingErr("invalid magic bytes: expected \"TENSOGRM\", got %q (hex %x) — buffer does not start with a Tensogram preamble", asciiOnly(buf[:8]), buf[:8])
	}
	p := Preamble{
		Version:     be.Uint16(buf[8:]),
		Flags:       be.Uint16(buf[10:]),
		Reserved:    be.Uint32(buf[12:]),
		TotalLength: be.Uint64(buf[16:]),
	}
	if p.Version != WireVersion {
		return p, framingErr("unsupported message version %d (required = %d); this library reads wire format v3 only", p.Version, WireVersion)
	}
	return p, nil
}

func asciiOnly(b []byte) string {
	r := make([]byte, len(b))
	for i, c := range b {
		if c >= 0x20 && c < 0x7f {
			r[i] = c
		} else {
			r[i] = '.'
		}
	}
	return string(r)
}

// putPreamble writes a preamble into dst[0:24].
func putPreamble(dst []byte, flags uint16, totalLength uint64) {
	copy(dst, MagicStart)
	be.PutUint16(dst[8:], WireVersion)
	be.PutUint16(dst[10:], flags)
	be.PutUint32(dst[12:], 0)
	be.PutUint64(dst[16:], totalLength)
}

// putPostamble writes a postamble into dst[0:24].
func putPostamble(dst []byte, firstFooter, totalLength uint64) {
	be.PutUint64(dst, firstFooter)
	be.PutUint64(dst[8:], totalLength)
	copy(dst[16:], MagicEnd)
}

// parsePostamble decodes the 24 bytes at p (no magic check).
func parsePostamble(p []byte) Postamble {
	return Postamble{FirstFooterOffset: be.Uint64(p), TotalLength: be.Uint64(p[8:])}
}

// ParseFrameHeader decodes the 16-byte frame header at buf[0:16]. It checks
// the FR marker and the frame type, not the length.
func ParseFrameHeader(buf []byte) (FrameHeader, error) {
	if len(buf) < FrameHeaderSize {
		return FrameHeader{}, framingErr("buffer too short for frame header: %d bytes", len(buf))
	}
	if buf[0] != 'F' || buf[1] != 'R' {
		return FrameHeader{}, framingErr("invalid frame start marker %x (expected \"FR\")", buf[:2])
	}
	h := FrameHeader{
		Type:        FrameType(be.Uint16(buf[2:])),
		Version:     be.Uint16(buf[4:]),
		Flags:       be.Uint16(buf[6:]),
		TotalLength: be.Uint64(buf[8:]),
	}
	return h, checkFrameType(h.Type)
}

// putFrameHeader writes a frame header into dst[0:16].
func putFrameHeader(dst []byte, t FrameType, flags uint16, totalLength uint64) {
	dst[0], dst[1] = 'F', 'R'
	be.PutUint16(dst[2:], uint16(t))
	be.PutUint16(dst[4:], 1)
	be.PutUint16(dst[6:], flags)
	be.PutUint64(dst[8:], totalLength)
}
