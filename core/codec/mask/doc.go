// Package mask implements Tensogram's NaN/±Inf handling: the encode-side
// substitution of non-finite float elements by +0.0 with per-kind position
// bitmasks, the NaN/Inf classification of float components, the mask blob
// codecs (none, rle, roaring, lz4, zstd), restoration of canonical NaN/Inf
// bit patterns on decode, and the "rle"/"roaring" main codecs of the
// bitmask dtype.
//
// The package is independent of the format core: it works on raw bytes,
// dtype names and packed bitmaps. The core lays the blobs out after the
// encoded payload and maps them to and from the descriptor's "masks"
// sub-map.
//
// Bitmaps are packed MSB-first: element i is bit 7 − i mod 8 of byte i/8,
// ceil(n/8) bytes, padding bits zero.
package mask
