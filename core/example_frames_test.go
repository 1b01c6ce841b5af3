package core_test

import (
	"fmt"
	"log"

	"github.com/tensogram-go/tensogram-go/core"
)

// The frame-level calls below read one frame at a time, as a program
// fetching frames from an object store does (core/remote uses them); a
// program holding whole messages uses Decode or ParseMessage instead.

// pinnedFields is twoFields with pinned provenance, so that frame sizes
// and offsets do not depend on the library version.
func pinnedFields() []byte {
	return encodeTwoFields(&core.EncodeOptions{Provenance: &core.Provenance{
		EncoderName: "example", EncoderVersion: "1.0",
		Time: "2026-01-01T00:00:00Z", UUID: "00000000-0000-4000-8000-000000000000",
	}})
}

// rawFrame is one frame of a message: its header, the whole frame and its
// body (between the header and the footer).
type rawFrame struct {
	hdr         core.FrameHeader
	frame, body []byte
}

// messageFrames walks the frames of a buffered message: they start after
// the preamble, each at an 8-byte boundary, and end before the postamble.
func messageFrames(msg []byte) []rawFrame {
	var out []rawFrame
	for pos := core.PreambleSize; pos < len(msg)-core.PostambleSize; {
		h, err := core.ParseFrameHeader(msg[pos:])
		if err != nil {
			log.Fatal(err)
		}
		footer := core.FrameFooterSize
		if h.Type == core.FrameNTensor {
			footer = core.DataFrameFooterSize
		}
		frame := msg[pos : pos+int(h.TotalLength)]
		out = append(out, rawFrame{h, frame, frame[core.FrameHeaderSize : len(frame)-footer]})
		pos = (pos + int(h.TotalLength) + 7) &^ 7
	}
	return out
}

// ParseFrameHeader decodes the 16-byte header of each frame: its type,
// version, flags and total length.
func ExampleParseFrameHeader() {
	msg := pinnedFields()
	for _, f := range messageFrames(msg) {
		fmt.Println(f.hdr.Type, f.hdr.Type.Valid(), f.hdr.Type.Phase(), f.hdr.TotalLength)
	}
	// Output:
	// HeaderMetadata true 0 352
	// HeaderIndex true 0 57
	// HeaderHash true 0 86
	// NTensorFrame true 1 199
	// NTensorFrame true 1 199
}

// ParsePreamble decodes the 24-byte start of a message: version, flags
// (which optional frames are present) and total length.
func ExampleParsePreamble() {
	p, err := core.ParsePreamble(pinnedFields())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(p.Version, p.Flags&core.FlagHeaderIndex != 0, p.Flags&core.FlagFooterIndex != 0, p.TotalLength)
	// Output:
	// 3 true false 952
}

// ParseGlobalMetadata decodes the body of a metadata frame.
func ExampleParseGlobalMetadata() {
	body := messageFrames(pinnedFields())[0].body
	meta, err := core.ParseGlobalMetadata(body)
	if err != nil {
		log.Fatal(err)
	}
	p, _ := meta.LookupAt(1, "mars.param")
	fmt.Println(len(meta.Base), p, meta.Extra["experiment"])
	// Output:
	// 2 10u demo
}

// ParseIndexFrame decodes the body of an index frame: where each data
// object frame starts and how long it is, so one object can be fetched
// alone.
func ExampleParseIndexFrame() {
	idx, err := core.ParseIndexFrame(messageFrames(pinnedFields())[1].body)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(idx.Offsets, idx.Lengths)
	// Output:
	// [528 728] [199 199]
}

// ParseHashFrame decodes the body of a hash frame: the algorithm and one
// digest per data object.
func ExampleParseHashFrame() {
	msg := pinnedFields()
	hf, err := core.ParseHashFrame(messageFrames(msg)[2].body)
	if err != nil {
		log.Fatal(err)
	}
	_, obj, err := core.ParseObject(msg, 1, false)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(hf.Algorithm, len(hf.Hashes), hf.Hashes[1] == core.FormatHash(obj.HashSlot))
	// Output:
	// xxh3 2 true
}

// ParseDataFrame parses one data-object frame read on its own (here cut
// out of the message at the offset and length its index frame gives) and
// verifies its digest.
func ExampleParseDataFrame() {
	msg := pinnedFields()
	idx, err := core.ParseIndexFrame(messageFrames(msg)[1].body)
	if err != nil {
		log.Fatal(err)
	}
	frame := msg[idx.Offsets[1] : idx.Offsets[1]+idx.Lengths[1]]
	obj, err := core.ParseDataFrame(frame, 1, true)
	if err != nil {
		log.Fatal(err)
	}
	raw, err := obj.Decode(nil)
	if err != nil {
		log.Fatal(err)
	}
	vals, _ := core.ValuesFrom[float32](raw, core.NativeOrder)
	fmt.Println(obj.Descriptor.Shape, vals[:4])
	// Output:
	// [3 4] [0 0.5 1 1.5]
}

// ParseDescriptor decodes a descriptor's CBOR (as MarshalCBOR writes it)
// and says how many bytes it took.
func ExampleParseDescriptor() {
	d := core.NewDescriptor(core.Uint8, []uint64{2, 5})
	d.ByteOrder = core.BigEndian
	enc, err := d.MarshalCBOR()
	if err != nil {
		log.Fatal(err)
	}
	back, n, err := core.ParseDescriptor(enc)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(back.DType, back.Shape, back.Strides, back.ByteOrder, n == len(enc))
	// Output:
	// uint8 [2 5] [5 1] big true
}

// A FrameType names a frame; Valid tells whether the format defines it,
// Phase where a defined frame may appear (0 header, 1 data objects,
// 2 footer).
func ExampleFrameType() {
	for _, t := range []core.FrameType{core.FrameHeaderMetadata, core.FramePrecederMetadata, core.FrameFooterIndex} {
		fmt.Println(t, t.Valid(), t.Phase())
	}
	fmt.Println(core.FrameType(42).Valid())
	// Output:
	// HeaderMetadata true 0
	// PrecederMetadata true 1
	// FooterIndex true 2
	// false
}
