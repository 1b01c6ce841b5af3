//go:build amd64 && !purego

#include "textflag.h"

// func residualsAVX2(d, x *uint32, n int, xmax uint32)
//
// Eight residuals per step, a = x[j-1..j+6], b = x[j..j+7] (all below
// 2^31, so signed compares are exact): D = |b − a|, neg = b < a;
// bound = neg ? xmax − a : a; the residual is 2D − 1 (b < a) or 2D when D ≤ bound,
// else neg ? xmax − b : b.
//
// xmax is broadcast straight from its argument slot; VBROADCASTSS copies
// the 32 bits as they are (go vet sizes a VPBROADCASTD memory operand as 8
// bytes).
TEXT ·residualsAVX2(SB), NOSPLIT, $0-28
	MOVQ d+0(FP), DI
	MOVQ x+8(FP), SI
	MOVQ n+16(FP), CX
	VBROADCASTSS xmax+24(FP), Y15
	MOVQ $1, BX

loop:
	LEAQ 8(BX), DX
	CMPQ DX, CX
	JGT  done
	VMOVDQU -4(SI)(BX*4), Y0
	VMOVDQU (SI)(BX*4), Y1
	VPSUBD Y0, Y1, Y2
	VPSRAD $31, Y2, Y3
	VPABSD Y2, Y2
	VPSUBD Y0, Y15, Y4
	VPBLENDVB Y3, Y4, Y0, Y4
	VPADDD Y2, Y2, Y5
	VPADDD Y3, Y5, Y5
	VPSUBD Y1, Y15, Y6
	VPBLENDVB Y3, Y6, Y1, Y6
	VPCMPGTD Y4, Y2, Y7
	VPBLENDVB Y7, Y6, Y5, Y5
	VMOVDQU Y5, (DI)(BX*4)
	MOVQ DX, BX
	JMP  loop

done:
	VZEROUPPER
	RET

// func blockSumsAVX2(blk *uint32, n int, k uint64, sums *[4]uint32)
TEXT ·blockSumsAVX2(SB), NOSPLIT, $0-32
	MOVQ blk+0(FP), SI
	MOVQ n+8(FP), CX
	MOVQ k+16(FP), AX
	MOVQ sums+24(FP), DI
	MOVQ AX, X12
	INCQ AX
	MOVQ AX, X13
	INCQ AX
	MOVQ AX, X14
	VPXOR Y8, Y8, Y8
	VPXOR Y9, Y9, Y9
	VPXOR Y10, Y10, Y10
	VPXOR Y11, Y11, Y11
	XORQ BX, BX

sloop:
	CMPQ BX, CX
	JGE  sdone
	VMOVDQU (SI)(BX*4), Y0
	VPADDD Y0, Y8, Y8
	VPSRLD X12, Y0, Y1
	VPADDD Y1, Y9, Y9
	VPSRLD X13, Y0, Y2
	VPADDD Y2, Y10, Y10
	VPSRLD X14, Y0, Y3
	VPADDD Y3, Y11, Y11
	ADDQ $8, BX
	JMP  sloop

sdone:
	VPHADDD Y9, Y8, Y0
	VPHADDD Y11, Y10, Y1
	VPHADDD Y1, Y0, Y0
	VEXTRACTI128 $1, Y0, X1
	VPADDD X1, X0, X0
	VMOVDQU X0, (DI)
	VZEROUPPER
	RET

// Lane indices [0, 0, 1, ..., 6]: the previous sample of every lane.
DATA permPrev<>+0(SB)/8, $0x0000000000000000
DATA permPrev<>+8(SB)/8, $0x0000000200000001
DATA permPrev<>+16(SB)/8, $0x0000000400000003
DATA permPrev<>+24(SB)/8, $0x0000000600000005
GLOBL permPrev<>(SB), RODATA|NOPTR, $32

// func postprocessAVX2(v *uint32, i, n int, xmax uint32) int
//
// Eight samples per step on the assumption that none needs the mapping's
// edge case: with δ = d>>1 ^ −(d&1), the samples are last + the prefix
// sums of δ. The step is kept only when every lane's h = ⌈d/2⌉ is at most
// both prev and xmax − prev (unsigned), prev being the lane's predecessor
// so computed: then, by induction from the first lane, each lane took the
// scalar loop's first branch with the true predecessor, and the sums are
// exact. It stops at the first step that fails and returns its index.
TEXT ·postprocessAVX2(SB), NOSPLIT, $0-40
	MOVQ v+0(FP), SI
	MOVQ i+8(FP), BX
	MOVQ n+16(FP), CX
	VBROADCASTSS xmax+24(FP), Y15
	// Y14 = 1 and Y11 = 7 in every lane: all ones shifted right.
	VPCMPEQD Y11, Y11, Y11
	VPSRLD $31, Y11, Y14
	VPSRLD $29, Y11, Y11
	VPXOR Y13, Y13, Y13
	VMOVDQU permPrev<>(SB), Y12
	VPBROADCASTD -4(SI)(BX*4), Y10

ploop:
	LEAQ 8(BX), DX
	CMPQ DX, CX
	JGT  pdone
	VMOVDQU (SI)(BX*4), Y0
	VPSRLD $1, Y0, Y1
	VPAND Y14, Y0, Y2
	VPADDD Y2, Y1, Y3
	VPSUBD Y2, Y13, Y2
	VPXOR Y2, Y1, Y1
	VPSLLDQ $4, Y1, Y2
	VPADDD Y2, Y1, Y1
	VPSLLDQ $8, Y1, Y2
	VPADDD Y2, Y1, Y1
	VPSHUFD $0xff, Y1, Y2
	VPERM2I128 $0x08, Y2, Y2, Y2
	VPADDD Y2, Y1, Y1
	VPADDD Y10, Y1, Y1
	VPERMD Y1, Y12, Y4
	VPBLENDD $1, Y10, Y4, Y4
	VPMAXUD Y3, Y4, Y5
	VPCMPEQD Y5, Y4, Y5
	VPSUBD Y4, Y15, Y6
	VPMAXUD Y3, Y6, Y7
	VPCMPEQD Y7, Y6, Y7
	VPAND Y7, Y5, Y5
	VMOVMSKPS Y5, AX
	CMPL AX, $0xff
	JNE  pdone
	VMOVDQU Y1, (SI)(BX*4)
	VPERMD Y1, Y11, Y10
	MOVQ DX, BX
	JMP  ploop

pdone:
	VZEROUPPER
	MOVQ BX, ret+32(FP)
	RET
