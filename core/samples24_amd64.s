//go:build amd64 && !purego

#include "textflag.h"

// PSHUFB mask: output lane j (little-endian uint32) = bytes 3j+2, 3j+1, 3j
// of the input, high byte zero: the big-endian 24-bit sample j.
DATA samples24mask<>+0(SB)/8, $0x8003040580000102
DATA samples24mask<>+8(SB)/8, $0x80090A0B80060708
GLOBL samples24mask<>(SB), RODATA|NOPTR, $16

// func load24SSSE3(q *uint32, src *byte, n int)
// Reads n (a multiple of 8, > 0) big-endian 24-bit samples from src into q,
// eight per iteration from two 16-byte loads; src must hold 3n+4 bytes.
TEXT ·load24SSSE3(SB), NOSPLIT, $0-24
	MOVQ  q+0(FP), DI
	MOVQ  src+8(FP), SI
	MOVQ  n+16(FP), CX
	MOVOU samples24mask<>(SB), X2

loop:
	MOVOU  (SI), X0
	MOVOU  12(SI), X1
	PSHUFB X2, X0
	PSHUFB X2, X1
	MOVOU  X0, (DI)
	MOVOU  X1, 16(DI)
	ADDQ   $24, SI
	ADDQ   $32, DI
	SUBQ   $8, CX
	JNZ    loop
	RET
