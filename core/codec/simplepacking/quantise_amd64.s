//go:build amd64 && !purego

#include "textflag.h"

// Byte-swap mask of four 64-bit lanes (VPSHUFB).
DATA bswap64<>+0(SB)/8, $0x0001020304050607
DATA bswap64<>+8(SB)/8, $0x08090a0b0c0d0e0f
DATA bswap64<>+16(SB)/8, $0x0001020304050607
DATA bswap64<>+24(SB)/8, $0x08090a0b0c0d0e0f
GLOBL bswap64<>(SB), RODATA|NOPTR, $32

// The float64 constants 0.5, 1, 2^31 and 2^32, broadcast from here.
DATA fconst<>+0(SB)/8, $0x3fe0000000000000
DATA fconst<>+8(SB)/8, $0x3ff0000000000000
DATA fconst<>+16(SB)/8, $0x41e0000000000000
DATA fconst<>+24(SB)/8, $0x41f0000000000000
GLOBL fconst<>(SB), RODATA|NOPTR, $32

// SETUP loads what both kernels share: n and k, which both take at the
// same offsets, into CX and AX; k[0] and k[1] (ref, and scale or inv)
// into Y8, Y9; 2^31 into Y13; the int32 sign bit (all ones << 31) into
// every lane of X15; the byte-swap mask into Y6.
#define SETUP \
	MOVQ n+16(FP), CX \
	MOVQ k+24(FP), AX \
	VBROADCASTSD 0(AX), Y8 \
	VBROADCASTSD 8(AX), Y9 \
	VBROADCASTSD fconst<>+16(SB), Y13 \
	VPCMPEQD X15, X15, X15 \
	VPSLLD $31, X15, X15 \
	VMOVDQU bswap64<>(SB), Y6

// Register use: DI q, SI src, CX values left, Y8 ref, Y9 scale, Y10 maxq,
// Y11 0.5, Y12 1.0, Y13 2^31, Y14 2^32, X15 the int32 sign bit in every
// lane, Y7 the non-finite accumulator, Y6 the byte-swap mask, Y5 zero.

// QUANT quantises the four values in V into the four int32 lanes of XOUT
// (T1, T2 scratch): x = (v − ref) × scale; 0 unless x > 0; else
// t = trunc(min(x, 2^32)), t += 1 when x − t ≥ 0.5, min(t, maxq); the
// result leaves as uint32 through a signed conversion of t − 2^31.
#define QUANT(V, T1, T2, XOUT) \
	VSUBPD V, V, T1 \
	VORPD T1, Y7, Y7 \
	VSUBPD Y8, V, V \
	VMULPD Y9, V, V \
	VCMPPD $0x1e, Y5, V, T1 \
	VMINPD Y14, V, V \
	VROUNDPD $3, V, T2 \
	VSUBPD T2, V, V \
	VCMPPD $0x1d, Y11, V, V \
	VANDPD Y12, V, V \
	VADDPD V, T2, T2 \
	VMINPD Y10, T2, T2 \
	VANDPD T1, T2, T2 \
	VSUBPD Y13, T2, T2 \
	VCVTTPD2DQY T2, XOUT \
	VPXOR X15, XOUT, XOUT

// STEP8 quantises the eight values in Y0, Y1 into q and advances.
#define STEP8 \
	QUANT(Y0, Y2, Y3, X0) \
	QUANT(Y1, Y2, Y3, X1) \
	VMOVDQU X0, 0(DI) \
	VMOVDQU X1, 16(DI) \
	ADDQ $64, SI \
	ADDQ $32, DI \
	SUBQ $8, CX

// func quantiseAVX2(q *uint32, src *byte, n int, k *[3]float64, big bool) uint64
TEXT ·quantiseAVX2(SB), NOSPLIT, $0-48
	MOVQ q+0(FP), DI
	MOVQ src+8(FP), SI
	SETUP
	MOVBQZX big+32(FP), DX
	VBROADCASTSD 16(AX), Y10
	VBROADCASTSD fconst<>+0(SB), Y11
	VBROADCASTSD fconst<>+8(SB), Y12
	VBROADCASTSD fconst<>+24(SB), Y14
	VPXOR Y7, Y7, Y7
	VPXOR Y5, Y5, Y5
	TESTQ DX, DX
	JNZ big

little:
	CMPQ CX, $8
	JLT done
	VMOVUPD 0(SI), Y0
	VMOVUPD 32(SI), Y1
	STEP8
	JMP little

big:
	CMPQ CX, $8
	JLT done
	VMOVDQU 0(SI), Y0
	VMOVDQU 32(SI), Y1
	VPSHUFB Y6, Y0, Y0
	VPSHUFB Y6, Y1, Y1
	STEP8
	JMP big

done:
	VEXTRACTF128 $1, Y7, X0
	VORPD X0, X7, X7
	VPSHUFD $0x4e, X7, X0
	VORPD X0, X7, X7
	MOVQ X7, AX
	VZEROUPPER
	MOVQ AX, ret+40(FP)
	RET

// UNPACK4 turns the four samples at off(SI) into four float64 in YOUT:
// (s & mask) ^ 2^31 read as int32, converted exactly, + 2^31, × inv,
// + ref (T scratch).
#define UNPACK4(off, YOUT, XT) \
	VMOVDQU off(SI), XT \
	VPAND X10, XT, XT \
	VPXOR X15, XT, XT \
	VCVTDQ2PD XT, YOUT \
	VADDPD Y13, YOUT, YOUT \
	VMULPD Y9, YOUT, YOUT \
	VADDPD Y8, YOUT, YOUT

// func unpackAVX2(dst *byte, q *uint32, n int, k *[2]float64, mask uint32, big bool)
TEXT ·unpackAVX2(SB), NOSPLIT, $0-37
	MOVQ dst+0(FP), DI
	MOVQ q+8(FP), SI
	SETUP
	// The mask straight from its slot (VBROADCASTSS: the 32 bits as they
	// are; go vet sizes a VPBROADCASTD memory operand as 8 bytes).
	VBROADCASTSS mask+32(FP), X10
	MOVBQZX big+36(FP), BX

uloop:
	CMPQ CX, $8
	JLT  udone
	UNPACK4(0, Y0, X2)
	UNPACK4(16, Y1, X3)
	TESTQ BX, BX
	JZ   ustore
	VPSHUFB Y6, Y0, Y0
	VPSHUFB Y6, Y1, Y1

ustore:
	VMOVDQU Y0, 0(DI)
	VMOVDQU Y1, 32(DI)
	ADDQ $32, SI
	ADDQ $64, DI
	SUBQ $8, CX
	JMP  uloop

udone:
	VZEROUPPER
	RET
