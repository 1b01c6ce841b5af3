// Package blosc2 reads and writes c-blosc2 2.x contiguous frames
// ("cframes"), the payload Tensogram's "blosc2" compression stores (see
// docs/codecs.md).
//
// A frame is a msgpack header (magic "b2frame\0", sizes, typesize,
// blocksize, chunksize, codec and filter defaults), the chunks one after
// the other, an index chunk holding each chunk's offset (or a special
// value: a chunk of zeros, NaNs or uninitialised bytes stored as no bytes
// at all) and a msgpack trailer. Each chunk is in the blosc2 chunk format:
// a 16- or 32-byte header, the start offset of every block, and per block
// one data stream (or, for "split" blocks, one per byte of the typesize),
// each compressed with blosclz, lz4/lz4hc, zlib or zstd, after a filter
// pipeline of shuffle, bitshuffle, delta and trunc_prec.
//
// Decoding checks every size and offset the input declares against the
// input itself before it allocates or reads, so hostile frames fail with
// ErrCorrupt (or ErrUnsupported for features this package does not
// implement, or ErrSizeLimit past the caller's limit) and never panic.
package blosc2
