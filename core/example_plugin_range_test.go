package core_test

import (
	"bytes"
	"errors"
	"fmt"
	"log"

	"github.com/tensogram-go/tensogram-go/core"
)

// tagged is a toy compression stage storing the data behind a 4-byte tag.
// Besides Stage it implements the optional interfaces the pipeline looks
// for: IntoStage (decode into the caller's buffer), RangeStage (decode a
// byte range alone), RangeChecker (ranges only for version ≥ 2),
// RangeSpanStage (which stored bytes a range needs) and PayloadAuditor
// (report a defect that does not stop decoding).
type tagged struct{ version int64 }

var tag = []byte("TAG1")

func (tagged) Encode(in []byte) ([]byte, error) {
	return append(append([]byte(nil), tag...), in...), nil
}

func (s tagged) Decode(in []byte, expectedSize int) ([]byte, error) {
	out := make([]byte, len(in)-len(tag))
	return out, s.DecodeInto(out, in)
}

func (tagged) DecodeInto(dst, in []byte) error {
	if len(in) < len(tag) || len(dst) != len(in)-len(tag) {
		return errors.New("tagged: payload does not match the decoded size")
	}
	copy(dst, in[len(tag):])
	return nil
}

func (tagged) DecodeRange(in []byte, offset, length uint64) ([]byte, error) {
	n := uint64(len(in) - len(tag))
	if offset > n || length > n-offset {
		return nil, errors.New("tagged: range out of bounds")
	}
	return in[uint64(len(tag))+offset:][:length], nil
}

func (s tagged) CheckRange() error {
	if s.version < 2 {
		return errors.New("tagged: version 1 payloads cannot serve ranges")
	}
	return nil
}

func (tagged) EncodedSpan(offset, length uint64, encodedLen int) (start, end int, ok bool) {
	return len(tag) + int(offset), len(tag) + int(offset+length), true
}

func (tagged) AuditPayload(payload []byte) []core.PayloadFinding {
	if !bytes.HasPrefix(payload, tag) {
		return []core.PayloadFinding{{Code: "tagged_bad_tag", Description: "payload does not start with TAG1"}}
	}
	return nil
}

func newTagged(ctx *core.StageContext) (core.Stage, error) {
	v, ok, err := core.ParamInt64(ctx.Params, "tagged_version", 1, 2)
	if err != nil {
		return nil, err
	}
	if !ok {
		v = 1
	}
	return tagged{version: v}, nil
}

// A compression stage that implements RangeStage lets DecodeRange decode
// element runs without decoding the whole object; RangeChecker lets it
// refuse when a property of the object does not allow it.
func ExampleRangeChecker() {
	core.RegisterStage(core.StageCompression, "example_tagged", newTagged)
	for _, version := range []int{1, 2} {
		in := core.TensorOf([]uint64{6}, []int16{10, 11, 12, 13, 14, 15})
		in.Descriptor.Compression = "example_tagged"
		in.Descriptor.Params = map[string]any{"tagged_version": version}
		msg, err := core.Encode(nil, []core.EncodeInput{in}, nil)
		if err != nil {
			log.Fatal(err)
		}
		parts, err := core.DecodeRange(msg, 0, []core.Range{{Offset: 2, Count: 3}}, nil)
		if err != nil {
			fmt.Println(version, err)
			continue
		}
		vals, _ := core.ValuesFrom[int16](parts[0], core.NativeOrder)
		fmt.Println(version, vals)
	}
	// Output:
	// 1 tagged: version 1 payloads cannot serve ranges
	// 2 [12 13 14]
}

// ValidateMessage (integrity level) asks every stage implementing
// PayloadAuditor about a payload that decoded, and reports each finding
// as a warning; stages of a name the format does not define are reported
// too.
func ExamplePayloadAuditor() {
	core.RegisterStage(core.StageCompression, "example_tagged", newTagged)
	in := core.TensorOf([]uint64{2}, []uint8{1, 2})
	in.Descriptor.Compression = "example_tagged"
	msg, err := core.Encode(nil, []core.EncodeInput{in}, &core.EncodeOptions{NoHash: true})
	if err != nil {
		log.Fatal(err)
	}
	msg[bytes.Index(msg, tag)] = 'X' // damage the tag, not the data
	r := core.ValidateMessage(msg, &core.ValidateOptions{Mode: core.ModeFull})
	for _, is := range r.Issues {
		fmt.Println(is.Code, is.Severity)
	}
	// Output:
	// unknown_compression error
	// no_hash_available warning
	// tagged_bad_tag warning
}

// A RangeSpanStage tells which stored bytes a range decode reads, so a
// reader of a remote object (core/remote) fetches only those; the
// configured stages of a Pipeline are its Encoding, Filter and Compression
// fields.
func ExampleRangeSpanStage() {
	core.RegisterStage(core.StageCompression, "example_tagged", newTagged)
	d := core.NewDescriptor(core.Float64, []uint64{100})
	d.Compression = "example_tagged"
	p, err := core.BuildPipeline(d, map[string]any{"tagged_version": uint64(2)}, 0)
	if err != nil {
		log.Fatal(err)
	}
	if rs, ok := p.Compression.(core.RangeSpanStage); ok {
		start, end, ok := rs.EncodedSpan(80, 16, 804) // elements 10 and 11
		fmt.Println(start, end, ok)
	}
	// Output:
	// 84 100 true
}
