//go:build amd64 && !purego

#include "textflag.h"

// func unshuffle8SSE2(dst *byte, planes *[8]*byte, n int, stream bool)
// Interleaves n (a multiple of 16) bytes of each of eight byte planes into
// dst[:8*n], 16 elements (128 output bytes) per iteration: three rounds of
// SSE2 unpacks (bytes, words, dwords) build each element's 8 bytes. With
// stream set (dst 16-byte aligned) the stores bypass the caches.
TEXT ·unshuffle8SSE2(SB), NOSPLIT, $0-25
	MOVQ dst+0(FP), DI
	MOVQ planes+8(FP), SI
	MOVQ n+16(FP), CX
	MOVBQZX stream+24(FP), R14
	MOVQ 0(SI), R8
	MOVQ 8(SI), R9
	MOVQ 16(SI), R10
	MOVQ 24(SI), R11
	MOVQ 32(SI), R12
	MOVQ 40(SI), R13
	MOVQ 48(SI), AX
	MOVQ 56(SI), DX
	XORQ BX, BX
	TESTQ CX, CX
	JEQ done

loop:
	MOVOU (R8)(BX*1), X0
	MOVOU (R9)(BX*1), X1
	MOVOU (R10)(BX*1), X2
	MOVOU (R11)(BX*1), X3
	MOVOU (R12)(BX*1), X4
	MOVOU (R13)(BX*1), X5
	MOVOU (AX)(BX*1), X6
	MOVOU (DX)(BX*1), X7

	// bytes: planes (0,1) (2,3) (4,5) (6,7), elements 0-7 and 8-15
	MOVO      X0, X8
	PUNPCKLBW X1, X0
	PUNPCKHBW X1, X8
	MOVO      X2, X9
	PUNPCKLBW X3, X2
	PUNPCKHBW X3, X9
	MOVO      X4, X10
	PUNPCKLBW X5, X4
	PUNPCKHBW X5, X10
	MOVO      X6, X11
	PUNPCKLBW X7, X6
	PUNPCKHBW X7, X11

	// words: planes 0-3 and 4-7, elements 0-3, 4-7, 8-11, 12-15
	MOVO      X0, X1
	PUNPCKLWL X2, X0
	PUNPCKHWL X2, X1
	MOVO      X8, X3
	PUNPCKLWL X9, X8
	PUNPCKHWL X9, X3
	MOVO      X4, X5
	PUNPCKLWL X6, X4
	PUNPCKHWL X6, X5
	MOVO      X10, X7
	PUNPCKLWL X11, X10
	PUNPCKHWL X11, X7

	// dwords: whole elements, two per register
	MOVO      X0, X2
	PUNPCKLLQ X4, X0
	PUNPCKHLQ X4, X2
	MOVO      X1, X6
	PUNPCKLLQ X5, X1
	PUNPCKHLQ X5, X6
	MOVO      X8, X9
	PUNPCKLLQ X10, X8
	PUNPCKHLQ X10, X9
	MOVO      X3, X11
	PUNPCKLLQ X7, X3
	PUNPCKHLQ X7, X11

	TESTQ R14, R14
	JNE   nt
	MOVOU X0, 0(DI)
	MOVOU X2, 16(DI)
	MOVOU X1, 32(DI)
	MOVOU X6, 48(DI)
	MOVOU X8, 64(DI)
	MOVOU X9, 80(DI)
	MOVOU X3, 96(DI)
	MOVOU X11, 112(DI)
	JMP   next

nt:
	MOVNTO X0, 0(DI)
	MOVNTO X2, 16(DI)
	MOVNTO X1, 32(DI)
	MOVNTO X6, 48(DI)
	MOVNTO X8, 64(DI)
	MOVNTO X9, 80(DI)
	MOVNTO X3, 96(DI)
	MOVNTO X11, 112(DI)

next:
	ADDQ $128, DI
	ADDQ $16, BX
	CMPQ BX, CX
	JB   loop
	SFENCE

done:
	RET

// SHUFROUND interleaves the bytes of registers i_k and i_k+4 into o_2k
// (low halves) and o_2k+1 (high halves), k = 0…3.
#define SHUFROUND(i0, i1, i2, i3, i4, i5, i6, i7, o0, o1, o2, o3, o4, o5, o6, o7) \
	MOVO      i0, o0; \
	PUNPCKLBW i4, o0; \
	MOVO      i0, o1; \
	PUNPCKHBW i4, o1; \
	MOVO      i1, o2; \
	PUNPCKLBW i5, o2; \
	MOVO      i1, o3; \
	PUNPCKHBW i5, o3; \
	MOVO      i2, o4; \
	PUNPCKLBW i6, o4; \
	MOVO      i2, o5; \
	PUNPCKHBW i6, o5; \
	MOVO      i3, o6; \
	PUNPCKLBW i7, o6; \
	MOVO      i3, o7; \
	PUNPCKHBW i7, o7

// func shuffle8SSE2(dst *byte, src *byte, n, k int)
// Splits the first k elements (k a multiple of 16, at most n) of 8 bytes
// at src into the eight byte planes dst[j*n:j*n+k], 16 elements (8
// registers) per iteration.
// Each round pairs register k with k+4 and interleaves their bytes (low
// halves into register 2k, high halves into 2k+1): on the 7-bit byte
// address (register, position) that rotates the bits left by one, so four
// rounds turn (element, byte) into (byte, element).
TEXT ·shuffle8SSE2(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
	MOVQ k+24(FP), R12
	LEAQ (CX)(CX*2), R8  // 3n
	LEAQ (CX)(CX*4), R9  // 5n
	LEAQ (R8)(R8*1), R10 // 6n
	MOVQ CX, R11
	SHLQ $3, R11
	SUBQ CX, R11         // 7n
	XORQ BX, BX
	TESTQ R12, R12
	JEQ sdone

sloop:
	MOVOU 0(SI), X0
	MOVOU 16(SI), X1
	MOVOU 32(SI), X2
	MOVOU 48(SI), X3
	MOVOU 64(SI), X4
	MOVOU 80(SI), X5
	MOVOU 96(SI), X6
	MOVOU 112(SI), X7

	SHUFROUND(X0, X1, X2, X3, X4, X5, X6, X7, X8, X9, X10, X11, X12, X13, X14, X15)
	SHUFROUND(X8, X9, X10, X11, X12, X13, X14, X15, X0, X1, X2, X3, X4, X5, X6, X7)
	SHUFROUND(X0, X1, X2, X3, X4, X5, X6, X7, X8, X9, X10, X11, X12, X13, X14, X15)
	SHUFROUND(X8, X9, X10, X11, X12, X13, X14, X15, X0, X1, X2, X3, X4, X5, X6, X7)

	LEAQ  (DI)(BX*1), DX
	MOVOU X0, (DX)
	MOVOU X1, (DX)(CX*1)
	MOVOU X2, (DX)(CX*2)
	MOVOU X3, (DX)(R8*1)
	MOVOU X4, (DX)(CX*4)
	MOVOU X5, (DX)(R9*1)
	MOVOU X6, (DX)(R10*1)
	MOVOU X7, (DX)(R11*1)

	ADDQ $128, SI
	ADDQ $16, BX
	CMPQ BX, R12
	JB   sloop

sdone:
	RET
