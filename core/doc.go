// Package core is the pure-Go implementation of the Tensogram v3 message
// format: framing, CBOR metadata, the payload pipeline, files and validation.
// It reads everything upstream Tensogram 0.24 writes and, given the same
// inputs and pinned provenance, writes byte-identical messages.
//
// # Getting started
//
// A message from a typed slice and back:
//
//	msg, err := core.Encode(nil, []core.EncodeInput{core.TensorOf([]uint64{2, 3}, xs)}, nil)
//	vals, desc, err := core.DecodeValues[float64](msg, 0, nil)
//
// TensorOf, Values, DecodeValues and ValuesFrom move []float32, []int16, …
// (every dtype with a Go element type, see Element) in and out without
// hand-written byte loops, viewing the bytes instead of copying them where
// alignment and byte order allow. A Descriptor literal needs only Type,
// Shape and DType; Encode derives the rest (see Descriptor.WithDefaults).
// The examples of this package are runnable programs for the main entry points;
// docs/go.md in the repository is the user guide.
//
// # Reading
//
// ParseMessage parses a message without touching payloads: every
// ObjectView.Payload is a sub-slice of the input. ObjectView.DecodedSize and
// ObjectView.DecodeInto let a caller allocate the destination itself (for
// the all-"none" pipeline DecodeInto is one copy, or one byte-swapping copy
// into host order). Decode, DecodeObject, DecodeDescriptors, DecodeMetadata
// and DecodeRange are the convenience entry points; DecodeOptions selects
// hash verification, wire byte order, NaN/Inf restoration and Threads.
//
// # Writing
//
// Encode prepares every object first (for the raw pipeline the payload
// stays the caller's slice), encodes all CBOR, computes the exact message
// size, obtains the output once from EncodeOptions.Alloc and writes
// everything into it (byte-swapping from EncodeInput.DataOrder while
// writing). StreamingEncoder writes frame by frame to an io.Writer.
// EncodeOptions.Provenance pins `_reserved_` for reproducible output.
//
// # Files and scanning
//
// Scan / ScanReaderAt find messages in a buffer / file; File gives lazy,
// concurrency-safe random access and appends. ValidateMessage,
// ValidateBuffer and ValidateFile implement upstream's validator.
//
// # Errors
//
// Every error is classified: errors.Is(err, ErrFraming | ErrMetadata |
// ErrEncoding | ErrCompression | ErrObject | ErrIO | ErrHashMismatch |
// ErrMissingHash | ErrUnsupportedCodec | ErrUnsupported); KindOf(err)
// returns the ErrorKind. *HashMismatchError, *MissingHashError and
// *UnsupportedCodecError carry the object index / codec name.
//
// # Plugging in codecs
//
// Every stage upstream 0.24 defines is registered by the stage_*.go files of
// this package, which adapt the codec packages under core/codec/:
// simple_packing (encoding), shuffle (filter), szip, zstd, lz4, blosc2, zfp,
// sz3, and rle / roaring for the bitmask dtype (compression), and the mask
// methods none, rle, roaring, lz4, zstd and blosc2. A name the format knows
// but no registered stage implements fails with *UnsupportedCodecError
// (possible only in a build that replaces the registry). RegisterStage and
// RegisterMaskCodec install (or replace) an implementation; codec packages
// must not import this package.
// A StageFactory receives a *StageContext (dtype, wire byte order, element
// count, the descriptor's params — writable on encode, e.g. for sp_* or
// szip_block_offsets — and the thread budget) and returns a Stage. Optional
// interfaces: RangeStage (compression partial decode), RangeEncoding
// (encoding partial decode) and BitsPerValuer (encodings whose samples are
// not dtype-sized). Stage.Decode receives the exact expected output size
// when it is known. Parameter helpers ParamInt64, ParamUint64, ParamFloat,
// ParamText and MissingParam implement the strict typing of descriptor
// parameters (docs/codecs.md, "Descriptor parameters").
//
// Codec-specific behaviour stays in the codec's stage file through further
// optional interfaces: IntoStage (decode into the caller's buffer),
// RangeChecker (a precondition of range decoding), PayloadAuditor
// (validation warnings about a payload that decodes), FusedCodec (a
// compression stage running together with the encoding stage),
// PayloadRecycler (a compression stage taking its written output back for
// reuse), and
// StageRules registered with RegisterStageRules (parameters the stage owns,
// checks of pre-encoded parameters, parameters derived from the values).
// RangeSpanStage tells which stored bytes a range decode reads, so remote
// readers fetch only those. BuildPipeline configures the stages of a
// descriptor on their own, e.g. to test a stage without a message.
//
// # Lower-level exports
//
// Some exported names exist for the other packages of this module and are
// rarely needed in programs: the frame-level parsers ParsePreamble,
// ParseFrameHeader, ParseGlobalMetadata, ParseIndexFrame, ParseHashFrame,
// ParseDataFrame and ParseDescriptor (for readers that fetch frames one by
// one, such as core/remote); UnmarshalLenient, NormalizeValue and
// RawCBORKey (the CBOR value model, for core/pyapi and the CLI);
// ParseAggregateHash, ParseValidateMode and FormatShape (upstream's option
// names and wording, for core/pyapi); AppendScan, MessageView.ForEachObject
// and ComputeHash (for the C API). Each has a runnable example all the
// same.
//
// # Source layout
//
// One concern per file; related files share a prefix:
//
//	wire.go                 constants, preamble, postamble, frame header fields
//	framewalk.go            the frame walk every reader uses; frame checks
//	message.go              ParseMessage: MessageView, ObjectView, data frames
//	index_hash_frames.go    index and hash frame bodies
//	frame_write.go          frame writers (data frames hashed while copied)
//	metadata.go, descriptor.go, dtype.go, shape.go, params.go
//	                        global metadata, descriptors, dtypes, shapes, parameters
//	descriptor_defaults.go, descriptor_params.go
//	                        fields derived from a descriptor literal, Go numbers in params
//	typed.go, typed_decode.go, float16.go
//	                        typed slices in and out (TensorOf, Values, DecodeValues)
//	example_*_test.go       runnable examples shown by go doc
//	cbor_*.go               canonical writer, generic reader, canonical check,
//	                        value model, and the fast paths (cbor_fast*.go)
//	encode*.go, provenance.go, streaming.go
//	                        buffered encoder (layout, objects, options, the NaN/Inf
//	                        check run while copying), streaming encoder
//	copycheck_*.go, copycheck_amd64.s
//	                        vector copy-and-check kernel of that NaN/Inf check
//	decode*.go, rangedecode.go, verify.go, masks.go, nonfinite_scan.go
//	                        decoding, ranges, digest verification, NaN/Inf masks
//	stage.go, stage_registry.go, pipeline.go, stage_<codec>.go
//	                        stage interfaces, registry, pipeline, one file per codec
//	validate*.go            validation, one file per level (issue codes listed there)
//	scan.go, file.go        message scan, files
//	errors.go, hash.go      error kinds, digests
package core
