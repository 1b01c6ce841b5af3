// Shared by the copying kernels of this package (copycheck_amd64.s,
// hash_stream_amd64.s), whose signatures open with the same three
// arguments (dst, src *byte, n int).

// go vet's frame check does not look into this header: the kernels'
// differential tests (hash_stream_test.go, encode_finite_test.go) do.

// DSTSRCN loads dst into DI, src into SI and n into CX.
#define DSTSRCN \
	MOVQ dst+0(FP), DI \
	MOVQ src+8(FP), SI \
	MOVQ n+16(FP), CX
