package core_test

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"log"
	"os"
	"path/filepath"
	"strings"

	"github.com/tensogram-go/tensogram-go/core"
)

// ValidateFile checks every message of a file, holding one in memory at a
// time; bytes between messages are file-level issues. HasCode looks for
// one issue code in a message report.
func ExampleValidateFile() {
	dir, err := os.MkdirTemp("", "tgm-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	msg := twoFields()
	bad := append([]byte(nil), msg...)
	_, obj, err := core.ParseObject(bad, 1, false)
	if err != nil {
		log.Fatal(err)
	}
	bad[obj.FrameOffset+core.FrameHeaderSize] ^= 1
	path := filepath.Join(dir, "mixed.tgm")
	data := bytes.Join([][]byte{msg, []byte("junk"), bad}, nil)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		log.Fatal(err)
	}

	rep, err := core.ValidateFile(path, &core.ValidateOptions{Mode: core.ModeFull})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(rep.OK(), len(rep.Messages), rep.FileIssues[0].ByteOffset == int64(len(msg)))
	for _, m := range rep.Messages {
		fmt.Println(m.Report.OK(), m.Report.HasCode("hash_mismatch"))
	}
	// Output:
	// false 2 true
	// true false
	// false true
}

// ValidateBuffer is ValidateFile on bytes in memory; ParseValidateMode
// maps the mode names of the command line and Python API.
func ExampleValidateBuffer() {
	mode, err := core.ParseValidateMode("quick")
	if err != nil {
		log.Fatal(err)
	}
	rep := core.ValidateBuffer(append(twoFields(), twoFields()...), &core.ValidateOptions{Mode: mode})
	fmt.Println(rep.OK(), len(rep.Messages))
	_, err = core.ParseValidateMode("thorough")
	fmt.Println(err)
	// Output:
	// true 2
	// MetadataError: unknown validation level: 'thorough', expected one of: quick, default, checksum, full
}

// ParseValidateMode accepts "", "default", "quick", "checksum" and "full".
func ExampleParseValidateMode() {
	for _, s := range []string{"", "checksum", "full"} {
		m, err := core.ParseValidateMode(s)
		fmt.Println(m == core.ModeDefault, m == core.ModeChecksum, m == core.ModeFull, err)
	}
	// Output:
	// true false false <nil>
	// false true false <nil>
	// false false true <nil>
}

// KindOf returns the kind of any error of this package (0 for others);
// errors.Is with the Err* sentinels tests the same thing.
func ExampleKindOf() {
	_, err := core.Decode([]byte("short"), nil)
	fmt.Println(core.KindOf(err), core.KindOf(err) == core.KindFraming, errors.Is(err, core.ErrFraming))
	fmt.Println(core.KindOf(errors.New("other")) == 0)
	// Output:
	// FramingError true true
	// true
}

// UnsupportedCodecError is for a codec name the format defines but the
// program has no implementation registered for (this package registers
// every one, so only a program built without them meets it). A name the
// format does not define at all is an EncodingError.
func ExampleUnsupportedCodecError() {
	d := core.NewDescriptor(core.Float32, []uint64{2})
	d.Compression = "gzip"
	_, err := core.Encode(nil, []core.EncodeInput{{Descriptor: d, Data: make([]byte, 8)}}, nil)
	var uc *core.UnsupportedCodecError
	fmt.Println(errors.Is(err, core.ErrEncoding), errors.Is(err, core.ErrUnsupportedCodec), errors.As(err, &uc))
	fmt.Println(err)
	// Output:
	// true false false
	// EncodingError: unknown compression: gzip
}

// MissingHashError is the integrity error of VerifyHash on a message
// encoded without digests.
func ExampleMissingHashError() {
	msg, err := core.Encode(nil, []core.EncodeInput{core.TensorOf([]uint64{1}, []uint8{1})}, &core.EncodeOptions{NoHash: true})
	if err != nil {
		log.Fatal(err)
	}
	_, err = core.Decode(msg, &core.DecodeOptions{VerifyHash: true})
	var mh *core.MissingHashError
	fmt.Println(errors.Is(err, core.ErrMissingHash), errors.Is(err, core.ErrIntegrity), errors.As(err, &mh), mh.ObjectIndex)
	// Output:
	// true true true 0
}

// ComputeHash, HashXXH3 and FormatHash compute the per-object digest the
// hash frames hold: xxh3-64 of the data-object frame's body (descriptor,
// payload and masks: the frame minus its header and footer).
func ExampleComputeHash() {
	msg := twoFields()
	mv, err := core.ParseMessage(msg)
	if err != nil {
		log.Fatal(err)
	}
	frame := mv.Objects[0].Frame
	body := frame[core.FrameHeaderSize : len(frame)-core.DataFrameFooterSize]
	h, err := core.ComputeHash(body, "xxh3")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(h == mv.Hashes.Hashes[0], h == core.FormatHash(core.HashXXH3(body)), len(h))
	_, err = core.ComputeHash(body, "md5")
	fmt.Println(err != nil)
	// Output:
	// true true 16
	// true
}

// HashXXH3 is the xxh3-64 hash; FormatHash renders a digest the way hash
// frames store it.
func ExampleHashXXH3() {
	fmt.Println(core.FormatHash(core.HashXXH3(nil)), core.FormatHash(core.HashXXH3([]byte("tensogram"))) != "")
	// Output:
	// 2d06800538d394c2 true
}

// FormatHash writes 16 lower-case hexadecimal digits, zero-padded.
func ExampleFormatHash() {
	fmt.Println(core.FormatHash(0xabc))
	// Output:
	// 0000000000000abc
}

// ParseAggregateHash maps the names of the aggregate hash policy (where
// the message-level hash frames go) to EncodeOptions.AggregateHash.
func ExampleParseAggregateHash() {
	policy, err := core.ParseAggregateHash("footer")
	if err != nil {
		log.Fatal(err)
	}
	msg, err := core.Encode(nil, []core.EncodeInput{core.TensorOf([]uint64{1}, []uint8{1})}, &core.EncodeOptions{AggregateHash: policy})
	if err != nil {
		log.Fatal(err)
	}
	p, _ := core.ParsePreamble(msg)
	fmt.Println(p.Flags&core.FlagHeaderHashes != 0, p.Flags&core.FlagFooterHashes != 0)
	// Output:
	// false true
}

// MarshalCanonical writes canonical CBOR (keys sorted by their encoding,
// shortest integers and floats), the form metadata takes on the wire.
func ExampleMarshalCanonical() {
	b, err := core.MarshalCanonical(map[string]any{"units": "K", "step": 6, "scale": 0.5})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%x\n", b)
	// Output:
	// a3647374657006657363616c65f9380065756e697473614b
}

// UnmarshalLenient reads the first CBOR item of a buffer into the generic
// value model (text-keyed maps as map[string]any, non-negative integers as
// uint64) and says how many bytes it used.
func ExampleUnmarshalLenient() {
	item := []byte{0xa2, 0x61, 'a', 0x01, 0x61, 'b', 0x82, 0x20, 0xf5} // {"a": 1, "b": [-1, true]}
	v, n, err := core.UnmarshalLenient(append(item, 0xff))
	if err != nil {
		log.Fatal(err)
	}
	m := v.(map[string]any)
	fmt.Printf("%T %v %v %d\n", m["a"], m["a"], m["b"], n)
	// Output:
	// uint64 1 [-1 true] 9
}

// AppendScan is Scan appending to a slice the caller owns, so scanning
// many buffers reuses one allocation.
func ExampleAppendScan() {
	buf := append(twoFields(), twoFields()...)
	spans := make([]core.MessageSpan, 0, 8)
	for range 3 {
		spans = core.AppendScan(spans[:0], buf)
	}
	fmt.Println(len(spans), spans[1].Offset == spans[0].Length, cap(spans))
	// Output:
	// 2 true 8
}

// ScanReaderAt finds the messages of anything readable at an offset (an
// *os.File, a bytes.Reader, a remote object) without loading it whole.
func ExampleScanReaderAt() {
	buf := append(twoFields(), []byte("trailing junk")...)
	buf = append(buf, twoFields()...)
	spans, err := core.ScanReaderAt(bytes.NewReader(buf), int64(len(buf)))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(spans), spans[1].Offset == spans[0].Length+13)
	// Output:
	// 2 true
}

// A MessageIter walks the messages of a buffer one after the other.
func ExampleMessageIter() {
	buf := append(twoFields(), twoFields()...)
	it := core.NewMessageIter(buf)
	fmt.Println(it.Len(), it.Remaining())
	for msg, ok := it.Next(); ok; msg, ok = it.Next() {
		_, descs, err := core.DecodeDescriptors(msg)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(len(descs), it.Remaining())
	}
	// Output:
	// 2 2
	// 2 1
	// 2 0
}

// COrderStrides and CheckedCOrderStrides give the row-major element
// strides of a shape (the checked form reports overflow); FormatShape
// prints a shape the way upstream's messages do.
func ExampleCOrderStrides() {
	fmt.Println(core.COrderStrides([]uint64{2, 3, 4}), core.COrderStrides(nil))
	_, ok := core.CheckedCOrderStrides([]uint64{2, 1 << 40, 1 << 40})
	fmt.Println(ok)
	fmt.Println(core.FormatShape([]uint64{721, 1440}), core.FormatShape(nil))
	// Output:
	// [12 4 1] []
	// false
	// [721, 1440] []
}

// CheckedCOrderStrides returns false instead of wrapped strides.
func ExampleCheckedCOrderStrides() {
	s, ok := core.CheckedCOrderStrides([]uint64{5, 6})
	fmt.Println(s, ok)
	// Output:
	// [6 1] true
}

// FormatShape renders "[2, 3, 4]", "[]" for a scalar.
func ExampleFormatShape() {
	fmt.Println(core.FormatShape([]uint64{2, 3, 4}))
	// Output:
	// [2, 3, 4]
}

// EffectiveThreads resolves a Threads option: a positive value is used as
// it is, 0 falls back to the TENSOGRAM_THREADS environment variable
// (sequential when unset).
func ExampleEffectiveThreads() {
	fmt.Println(core.EffectiveThreads(4))
	// Output:
	// 4
}

// NewProvenance is what Encode writes into `_reserved_` by default (this
// library's name and version, the time, a random UUID); pin one through
// EncodeOptions.Provenance for reproducible output.
func ExampleNewProvenance() {
	p := core.NewProvenance()
	fmt.Println(p.EncoderName != "", len(p.Time), len(p.UUID))
	pinned := &core.EncodeOptions{Provenance: &core.Provenance{
		EncoderName: "my-service", EncoderVersion: "2.1",
		Time: "2026-01-01T00:00:00Z", UUID: "00000000-0000-4000-8000-000000000000",
	}}
	in := []core.EncodeInput{core.TensorOf([]uint64{1}, []uint8{1})}
	a, _ := core.Encode(nil, in, pinned)
	b, _ := core.Encode(nil, in, pinned)
	meta, err := core.DecodeMetadata(a)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(bytes.Equal(a, b), meta.Reserved["encoder"])
	// Output:
	// true 20 36
	// true map[name:my-service version:2.1]
}

// Keys lists the metadata keys of a message, ToMap gives the CBOR map as
// written, Clone copies the top-level containers so they can be changed
// for another message.
func ExampleGlobalMetadata_Keys() {
	meta, err := core.DecodeMetadata(twoFields())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(meta.Keys())
	m := meta.ToMap()
	fmt.Println(len(m["base"].([]any)), m["_extra_"])
	next := meta.Clone()
	next.Extra["experiment"] = "other"
	fmt.Println(meta.Extra["experiment"], next.Extra["experiment"])
	// Output:
	// [mars experiment]
	// 2 map[experiment:demo]
	// demo other
}

// HasCode tells whether a validation report holds an issue with a code.
func ExampleReport_HasCode() {
	msg, err := core.Encode(nil, []core.EncodeInput{core.TensorOf([]uint64{1}, []uint8{1})}, &core.EncodeOptions{NoHash: true})
	if err != nil {
		log.Fatal(err)
	}
	r := core.ValidateMessage(msg, &core.ValidateOptions{Mode: core.ModeFull})
	fmt.Println(r.OK(), r.HashVerified, r.HasCode("hash_mismatch"))
	// Output:
	// true false false
}

// NormalizeValue turns maps with only text keys (as a generic CBOR
// decoder returns them, map[any]any) into map[string]any, recursively,
// so metadata read by other CBOR code can be looked up like decoded
// metadata.
func ExampleNormalizeValue() {
	v := core.NormalizeValue(map[any]any{"mars": map[any]any{"param": "2t"}, "levels": []any{map[any]any{1: "a"}}})
	m := v.(map[string]any)
	fmt.Printf("%T %T\n", m["mars"], m["levels"].([]any)[0])
	// Output:
	// map[string]interface {} map[interface {}]interface {}
}

// One failure of each remaining kind: a codec failing on a corrupt
// payload is an encoding error whose message starts "compression error:"
// (as upstream reports it; ErrCompression is never returned), a file that
// cannot be opened an I/O error (wrapping the os error, so
// errors.Is(err, fs.ErrNotExist) works too), a digest mismatch both
// ErrHashMismatch and ErrIntegrity.
func Example_errorKindsMore() {
	in := core.TensorOf([]uint64{256}, make([]float32, 256))
	in.Descriptor.Compression = "zstd"
	msg, err := core.Encode(nil, []core.EncodeInput{in}, &core.EncodeOptions{NoHash: true})
	if err != nil {
		log.Fatal(err)
	}
	_, obj, err := core.ParseObject(msg, 0, false)
	if err != nil {
		log.Fatal(err)
	}
	bad := append([]byte(nil), msg...)
	bad[obj.FrameOffset+core.FrameHeaderSize+len(obj.Payload)-2] ^= 0xff // inside the zstd block
	_, err = core.Decode(bad, nil)
	fmt.Println(errors.Is(err, core.ErrEncoding), errors.Is(err, core.ErrCompression), strings.HasPrefix(err.Error(), "EncodingError: compression error: zstd"))

	_, err = core.OpenFile(filepath.Join(os.TempDir(), "no-such-dir", "x.tgm"))
	fmt.Println(errors.Is(err, core.ErrIO), errors.Is(err, fs.ErrNotExist))

	msg, err = core.Encode(nil, []core.EncodeInput{core.TensorOf([]uint64{2}, []int8{1, 2})}, nil)
	if err != nil {
		log.Fatal(err)
	}
	_, obj, _ = core.ParseObject(msg, 0, false)
	msg[obj.FrameOffset+core.FrameHeaderSize] ^= 1
	_, err = core.Decode(msg, &core.DecodeOptions{VerifyHash: true})
	fmt.Println(errors.Is(err, core.ErrHashMismatch), errors.Is(err, core.ErrIntegrity), errors.Is(err, core.ErrMissingHash))
	// Output:
	// true false true
	// true true
	// true true false
}
