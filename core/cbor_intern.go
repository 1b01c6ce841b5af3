package core

// internedText holds the text strings every message repeats (descriptor,
// metadata, index and hash frame keys; dtype, byte order, stage and mask
// names), each already boxed as an interface value. The CBOR decoder
// returns these instead of allocating a new string (and its interface box)
// for every occurrence: a one-object message carries about 60 of them.
// Read-only after init, so safe for concurrent decoders.
var internedText = map[string]any{}

func init() {
	words := []string{
		// descriptor
		"type", "ntensor", "ndim", "shape", "strides", "dtype", "byte_order", "little", "big",
		"encoding", "filter", "compression", "masks", "method", "offset", "length", "params",
		MaskNaN, MaskPosInf, MaskNegInf,
		"sp_reference_value", "sp_binary_scale_factor", "sp_decimal_scale_factor", "sp_bits_per_value",
		"szip_rsi", "szip_block_size", "szip_flags", "szip_block_offsets", "zstd_level", "shuffle_element_size",
		// global metadata, index and hash frames
		"version", "base", "_reserved_", "_extra_", "encoder", "name", "tensogram", "time", "uuid",
		"tensor", "provenance", "offsets", "lengths", "hashes", "algorithm", "xxh3",
	}
	words = append(words, dtypeNames[1:]...)
	for _, names := range knownStageNames {
		words = append(words, names...)
	}
	for _, w := range words {
		internedText[w] = w
	}
}
