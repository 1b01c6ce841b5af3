package core_test

import (
	"errors"
	"fmt"
	"log"

	"github.com/tensogram-go/tensogram-go/core"
)

// xorFilter is a toy filter stage: it XORs every byte with a key read
// from the descriptor parameter "xor_key". Encode and Decode never modify
// their input.
type xorFilter struct{ key byte }

func (s xorFilter) Encode(in []byte) ([]byte, error) { return s.apply(in), nil }

func (s xorFilter) Decode(in []byte, expectedSize int) ([]byte, error) {
	if expectedSize >= 0 && len(in) != expectedSize {
		return nil, fmt.Errorf("xor filter: %d bytes, want %d", len(in), expectedSize)
	}
	return s.apply(in), nil
}

func (s xorFilter) apply(in []byte) []byte {
	out := make([]byte, len(in))
	for i, b := range in {
		out[i] = b ^ s.key
	}
	return out
}

// newXORFilter is the StageFactory: it reads its parameter with the typed
// Param helpers, which refuse a wrong CBOR type or an out-of-range value.
func newXORFilter(ctx *core.StageContext) (core.Stage, error) {
	key, ok, err := core.ParamInt64(ctx.Params, "xor_key", 0, 255)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, core.MissingParam("xor_key")
	}
	return xorFilter{key: byte(key)}, nil
}

// RegisterStage plugs a new stage into the pipeline under a name; any
// descriptor naming it (here Filter "example_xor") then encodes and
// decodes through it. Use names of your own: a name the format defines
// replaces the built-in implementation, and messages using a private name
// can only be read by programs that register it too.
func ExampleRegisterStage() {
	core.RegisterStage(core.StageFilter, "example_xor", newXORFilter)

	in := core.TensorOf([]uint64{4}, []uint8{1, 2, 3, 4})
	in.Descriptor.Filter = "example_xor"
	in.Descriptor.Params = map[string]any{"xor_key": 0x0f}
	msg, err := core.Encode(nil, []core.EncodeInput{in}, nil)
	if err != nil {
		log.Fatal(err)
	}
	_, obj, err := core.ParseObject(msg, 0, false)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("stored:", obj.Payload)
	vals, _, err := core.DecodeValues[uint8](msg, 0, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("decoded:", vals)

	in.Descriptor.Params = nil
	_, err = core.Encode(nil, []core.EncodeInput{in}, nil)
	fmt.Println(err)
	// Output:
	// stored: [14 13 12 11]
	// decoded: [1 2 3 4]
	// MetadataError: missing required parameter: xor_key
}

// RegisterStageRules adds checks that apply whatever pipeline a descriptor
// uses: ResolveParams completes the parameters from the data before the
// stage is configured, OutputParams are parameters only this stage may
// carry.
func ExampleRegisterStageRules() {
	core.RegisterStage(core.StageFilter, "example_xor_auto", newXORFilter)
	core.RegisterStageRules(core.StageFilter, "example_xor_auto", core.StageRules{
		OutputParams: []string{"xor_key"},
		// Derive the key from the first byte when the caller gave none.
		ResolveParams: func(dt core.DType, params map[string]any, data []byte, order core.ByteOrder) error {
			if _, ok := params["xor_key"]; !ok && len(data) > 0 {
				params["xor_key"] = uint64(data[0])
			}
			return nil
		},
	})

	in := core.TensorOf([]uint64{3}, []uint8{7, 8, 9})
	in.Descriptor.Filter = "example_xor_auto"
	msg, err := core.Encode(nil, []core.EncodeInput{in}, nil)
	if err != nil {
		log.Fatal(err)
	}
	vals, desc, err := core.DecodeValues[uint8](msg, 0, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(vals, desc.Params["xor_key"])

	plain := core.TensorOf([]uint64{1}, []uint8{1})
	plain.Descriptor.Params = map[string]any{"xor_key": 5} // but Filter is "none"
	_, err = core.Encode(nil, []core.EncodeInput{plain}, nil)
	fmt.Println(err)
	// Output:
	// [7 8 9] 7
	// EncodingError: xor_key provided but filter is "none", not example_xor_auto
}

// SupportedStages lists the implementations registered for a stage kind
// among the names the format defines; IsKnownStageName tells whether the
// format defines a name at all.
func ExampleSupportedStages() {
	fmt.Println(core.SupportedStages(core.StageFilter))
	fmt.Println(core.SupportedStages(core.StageCompression))
	fmt.Println(core.IsKnownStageName(core.StageCompression, "zstd"), core.IsKnownStageName(core.StageCompression, "gzip"))
	// Output:
	// [none shuffle]
	// [none szip zstd lz4 blosc2 zfp sz3 rle roaring]
	// true false
}

// IsKnownStageName reports the names wire format v3 defines per kind.
func ExampleIsKnownStageName() {
	for _, name := range []string{"simple_packing", "example_xor"} {
		fmt.Println(name, core.IsKnownStageName(core.StageEncoding, name))
	}
	// Output:
	// simple_packing true
	// example_xor false
}

// BuildPipeline configures the stages of a descriptor without a message
// around them, e.g. to test a stage: Encode gives the payload, Decode and
// DecodeInto invert it.
func ExampleBuildPipeline() {
	d := core.NewDescriptor(core.Int32, []uint64{6})
	d.Filter = "shuffle"
	d.Compression = "lz4"
	p, err := core.BuildPipeline(d, map[string]any{"shuffle_element_size": uint64(4)}, 0)
	if err != nil {
		log.Fatal(err)
	}
	raw := core.BytesOf([]int32{1, 1, 1, 1, 1, 1})
	payload, err := p.Encode(raw)
	if err != nil {
		log.Fatal(err)
	}
	back, err := p.Decode(payload, len(raw))
	if err != nil {
		log.Fatal(err)
	}
	dst := make([]int32, 6)
	if err := p.DecodeInto(core.BytesOf(dst), payload); err != nil {
		log.Fatal(err)
	}
	fmt.Println(p.EncodedSize(), len(back), dst)
	// Output:
	// 24 24 [1 1 1 1 1 1]
}

// ParamInt64 reads an integer parameter inside a stage factory: absent is
// not an error (present is false), a wrong type or a value outside
// [min, max] is.
func ExampleParamInt64() {
	params := map[string]any{"level": int64(-3), "name": "x"}
	v, ok, err := core.ParamInt64(params, "level", -7, 22)
	fmt.Println(v, ok, err)
	_, ok, err = core.ParamInt64(params, "other", 0, 1)
	fmt.Println(ok, err)
	_, _, err = core.ParamInt64(params, "name", 0, 1)
	fmt.Println(err)
	_, _, err = core.ParamInt64(params, "level", 0, 1)
	fmt.Println(errors.Is(err, core.ErrMetadata))
	// Output:
	// -3 true <nil>
	// false <nil>
	// MetadataError: expected integer for name, got text
	// true
}

// ParamUint64 reads a non-negative integer no larger than max.
func ExampleParamUint64() {
	params := map[string]any{"bits": uint64(16), "neg": int64(-1)}
	v, _, err := core.ParamUint64(params, "bits", 64)
	fmt.Println(v, err)
	_, _, err = core.ParamUint64(params, "neg", 64)
	fmt.Println(err)
	// Output:
	// 16 <nil>
	// MetadataError: neg must be a non-negative integer, got a negative value
}

// ParamFloat reads a number; integers that float64 holds exactly count.
func ExampleParamFloat() {
	params := map[string]any{"tol": 0.25, "ref": uint64(100)}
	a, _, _ := core.ParamFloat(params, "tol")
	b, _, _ := core.ParamFloat(params, "ref")
	fmt.Println(a, b)
	// Output:
	// 0.25 100
}

// ParamText reads a text parameter.
func ExampleParamText() {
	params := map[string]any{"mode": "fixed_rate", "rate": uint64(8)}
	m, ok, err := core.ParamText(params, "mode")
	fmt.Println(m, ok, err)
	_, _, err = core.ParamText(params, "rate")
	fmt.Println(err)
	// Output:
	// fixed_rate true <nil>
	// MetadataError: expected text for rate, got integer
}

// MissingParam is the error a stage factory returns for a required
// parameter that is absent.
func ExampleMissingParam() {
	err := core.MissingParam("zfp_rate")
	fmt.Println(err, errors.Is(err, core.ErrMetadata))
	// Output:
	// MetadataError: missing required parameter: zfp_rate true
}
