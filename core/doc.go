// Package core is the pure-Go implementation of the Tensogram v3 message
// format: framing, CBOR metadata, the payload pipeline, files and validation.
// It reads everything upstream Tensogram 0.24 writes and, given the same
// inputs and pinned provenance, writes byte-identical messages.
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
// simple_packing (encoding), shuffle (filter), szip, zstd, lz4, and rle /
// roaring for the bitmask dtype (compression), and the mask methods none,
// rle, roaring, lz4 and zstd. blosc2, zfp and sz3 are not in this build:
// naming them fails with *UnsupportedCodecError. RegisterStage and
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
package core
