//go:build amd64 && !purego

#include "textflag.h"
#include "copykernels_amd64.h"

// COPYCHECK is the loop of copyCheckAVX2 for one lane width: CMP is the
// lane compare (VPCMPEQW, VPCMPEQD or VPCMPEQQ). Each 64-byte block is
// loaded, its lanes masked with Y0 and compared with Y0 (all exponent
// bits set); a block without such a lane is stored to dst, the first one
// with one ends the loop uncopied.
#define COPYCHECK(CMP, name) \
name: \
	LEAQ 64(BX), R8 \
	CMPQ R8, CX \
	JGT  done \
	VMOVDQU (SI)(BX*1), Y1 \
	VMOVDQU 32(SI)(BX*1), Y2 \
	VPAND Y0, Y1, Y3 \
	VPAND Y0, Y2, Y4 \
	CMP Y0, Y3, Y3 \
	CMP Y0, Y4, Y4 \
	VPOR Y3, Y4, Y3 \
	VPTEST Y3, Y3 \
	JNZ done \
	VMOVDQU Y1, (DI)(BX*1) \
	VMOVDQU Y2, 32(DI)(BX*1) \
	MOVQ R8, BX \
	JMP name

// func copyCheckAVX2(dst, src *byte, n int, mask uint64, width int) int
TEXT ·copyCheckAVX2(SB), NOSPLIT, $0-48
	DSTSRCN
	VPBROADCASTQ mask+24(FP), Y0
	MOVQ width+32(FP), DX
	XORQ BX, BX
	CMPQ DX, $2
	JEQ  w16
	CMPQ DX, $4
	JEQ  w32
	COPYCHECK(VPCMPEQQ, w64)
	COPYCHECK(VPCMPEQW, w16)
	COPYCHECK(VPCMPEQD, w32)

done:
	VZEROUPPER
	MOVQ BX, ret+40(FP)
	RET
