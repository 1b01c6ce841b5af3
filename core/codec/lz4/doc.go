// Package lz4 implements Tensogram's "lz4" compression: the payload is the
// uncompressed length as a little-endian uint32 followed by one raw LZ4
// block (the lz4_flex "size-prepended" layout).
//
// The compressor reproduces the block bytes of lz4_flex 0.11.6 (upstream
// Tensogram 0.24.0) exactly, following the algorithm description in the
// project's codec notes (docs/codecs.md, "lz4"): a 4096-slot hash table (16-bit
// slots and a 4-byte multiplicative hash below 65535 input bytes, 32-bit
// slots and a 5-byte hash above), skip acceleration, backward match
// extension and a 12-byte end guard. Decompression accepts any valid LZ4
// block and never allocates more than the block could possibly produce.
// Both copy long literal runs in 512 KiB blocks, which keeps the data in
// cache (one copy of 1 MiB or more bypasses it); the decoder hands a
// block to pierrec/lz4's assembly from its first literal run shorter
// than 1 MiB.
package lz4
