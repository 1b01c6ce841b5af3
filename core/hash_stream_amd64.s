//go:build amd64 && !purego

#include "textflag.h"
#include "copykernels_amd64.h"

// Register use of xxhBlocksAVX2: SI src, DI dst, BX offset of the current
// block, CX end offset, DX the accumulators, R9 the secret, Y0 the
// exponent mask and Y7 the lanes found with all its bits set (checking
// modes), Y8/Y9 accumulators 0-3/4-7, Y15 the 32-bit prime of the
// scramble in every 64-bit lane.

// LOAD reads stripe s of the current block into Y1, Y2.
#define LOAD(s) \
	VMOVDQU (s*64)(SI)(BX*1), Y1 \
	VMOVDQU (s*64+32)(SI)(BX*1), Y2

// STORE writes Y1, Y2 to stripe s of the current block of dst.
#define STORE(s) \
	VMOVDQU Y1, (s*64)(DI)(BX*1) \
	VMOVDQU Y2, (s*64+32)(DI)(BX*1)

// CHECK sets the lanes of Y7 where a lane of Y1 or Y2 has all the bits of
// Y0 set (CMP is the lane compare of the width); ENDCHECK jumps to fail
// once per block when any was set, and clears Y7 for the next block.
#define CHECK(CMP) \
	VPAND Y0, Y1, Y3 \
	VPAND Y0, Y2, Y4 \
	CMP Y0, Y3, Y3 \
	CMP Y0, Y4, Y4 \
	VPOR Y3, Y7, Y7 \
	VPOR Y4, Y7, Y7

#define ENDCHECK \
	VPTEST Y7, Y7 \
	JNZ fail

// ACCUM accumulates the stripe in Y1, Y2 with the key at secret+8*s:
// acc[i^1] += v[i]; acc[i] += lo32(v[i]^k[i]) * hi32(v[i]^k[i]).
#define ACCUM(s) \
	VPXOR (s*8)(R9), Y1, Y3 \
	VPXOR (s*8+32)(R9), Y2, Y4 \
	VPSRLQ $32, Y3, Y5 \
	VPSRLQ $32, Y4, Y6 \
	VPMULUDQ Y3, Y5, Y3 \
	VPMULUDQ Y4, Y6, Y4 \
	VPSHUFD $0x4E, Y1, Y5 \
	VPSHUFD $0x4E, Y2, Y6 \
	VPADDQ Y5, Y8, Y8 \
	VPADDQ Y6, Y9, Y9 \
	VPADDQ Y3, Y8, Y8 \
	VPADDQ Y4, Y9, Y9

// SCRAMBLE1 mixes one accumulator register with the key at secret+off:
// a ^= a>>47; a ^= key; a *= prime32_1 (as two 32x32 products).
#define SCRAMBLE1(A, off) \
	VPSRLQ $47, A, Y3 \
	VPXOR Y3, A, A \
	VPXOR (off)(R9), A, A \
	VPSRLQ $32, A, Y3 \
	VPMULUDQ Y15, A, Y4 \
	VPMULUDQ Y15, Y3, Y3 \
	VPSLLQ $32, Y3, Y3 \
	VPADDQ Y3, Y4, A

#define SCRAMBLE \
	SCRAMBLE1(Y8, 128) \
	SCRAMBLE1(Y9, 160)

// Block loop of mode hashonly.
#define STRIPE_HASHONLY(s) \
	LOAD(s) \
	ACCUM(s)

// Block loop of mode copyonly.
#define STRIPE_COPYONLY(s) \
	LOAD(s) \
	STORE(s) \
	ACCUM(s)

// Block loop of mode chk16.
#define STRIPE_CHK16(s) \
	LOAD(s) \
	CHECK(VPCMPEQW) \
	STORE(s) \
	ACCUM(s)

// Block loop of mode chk32.
#define STRIPE_CHK32(s) \
	LOAD(s) \
	CHECK(VPCMPEQD) \
	STORE(s) \
	ACCUM(s)

// Block loop of mode chk64.
#define STRIPE_CHK64(s) \
	LOAD(s) \
	CHECK(VPCMPEQQ) \
	STORE(s) \
	ACCUM(s)

// XXH3's PRIME32_1, the multiplier of the scramble.
DATA prime32<>+0(SB)/8, $0x9E3779B1
GLOBL prime32<>(SB), RODATA|NOPTR, $8

// func xxhBlocksAVX2(dst, src *byte, n int, acc *[8]uint64, secret *byte, mask uint64, mode int) int
TEXT ·xxhBlocksAVX2(SB), NOSPLIT, $0-64
	DSTSRCN
	MOVQ acc+24(FP), DX
	MOVQ secret+32(FP), R9
	VPBROADCASTQ mask+40(FP), Y0
	MOVQ mode+48(FP), R10
	VPBROADCASTQ prime32<>(SB), Y15
	VMOVDQU (DX), Y8
	VMOVDQU 32(DX), Y9
	VPXOR Y7, Y7, Y7
	XORQ BX, BX
	CMPQ R10, $1
	JEQ  copyonly
	CMPQ R10, $2
	JEQ  chk16
	CMPQ R10, $4
	JEQ  chk32
	CMPQ R10, $8
	JEQ  chk64

hashonly:
	CMPQ BX, CX
	JGE  done
	STRIPE_HASHONLY(0)
	STRIPE_HASHONLY(1)
	STRIPE_HASHONLY(2)
	STRIPE_HASHONLY(3)
	STRIPE_HASHONLY(4)
	STRIPE_HASHONLY(5)
	STRIPE_HASHONLY(6)
	STRIPE_HASHONLY(7)
	STRIPE_HASHONLY(8)
	STRIPE_HASHONLY(9)
	STRIPE_HASHONLY(10)
	STRIPE_HASHONLY(11)
	STRIPE_HASHONLY(12)
	STRIPE_HASHONLY(13)
	STRIPE_HASHONLY(14)
	STRIPE_HASHONLY(15)
	SCRAMBLE
	ADDQ $1024, BX
	JMP  hashonly

copyonly:
	CMPQ BX, CX
	JGE  done
	STRIPE_COPYONLY(0)
	STRIPE_COPYONLY(1)
	STRIPE_COPYONLY(2)
	STRIPE_COPYONLY(3)
	STRIPE_COPYONLY(4)
	STRIPE_COPYONLY(5)
	STRIPE_COPYONLY(6)
	STRIPE_COPYONLY(7)
	STRIPE_COPYONLY(8)
	STRIPE_COPYONLY(9)
	STRIPE_COPYONLY(10)
	STRIPE_COPYONLY(11)
	STRIPE_COPYONLY(12)
	STRIPE_COPYONLY(13)
	STRIPE_COPYONLY(14)
	STRIPE_COPYONLY(15)
	SCRAMBLE
	ADDQ $1024, BX
	JMP  copyonly

chk16:
	CMPQ BX, CX
	JGE  done
	STRIPE_CHK16(0)
	STRIPE_CHK16(1)
	STRIPE_CHK16(2)
	STRIPE_CHK16(3)
	STRIPE_CHK16(4)
	STRIPE_CHK16(5)
	STRIPE_CHK16(6)
	STRIPE_CHK16(7)
	STRIPE_CHK16(8)
	STRIPE_CHK16(9)
	STRIPE_CHK16(10)
	STRIPE_CHK16(11)
	STRIPE_CHK16(12)
	STRIPE_CHK16(13)
	STRIPE_CHK16(14)
	STRIPE_CHK16(15)
	ENDCHECK
	SCRAMBLE
	ADDQ $1024, BX
	JMP  chk16

chk32:
	CMPQ BX, CX
	JGE  done
	STRIPE_CHK32(0)
	STRIPE_CHK32(1)
	STRIPE_CHK32(2)
	STRIPE_CHK32(3)
	STRIPE_CHK32(4)
	STRIPE_CHK32(5)
	STRIPE_CHK32(6)
	STRIPE_CHK32(7)
	STRIPE_CHK32(8)
	STRIPE_CHK32(9)
	STRIPE_CHK32(10)
	STRIPE_CHK32(11)
	STRIPE_CHK32(12)
	STRIPE_CHK32(13)
	STRIPE_CHK32(14)
	STRIPE_CHK32(15)
	ENDCHECK
	SCRAMBLE
	ADDQ $1024, BX
	JMP  chk32

chk64:
	CMPQ BX, CX
	JGE  done
	STRIPE_CHK64(0)
	STRIPE_CHK64(1)
	STRIPE_CHK64(2)
	STRIPE_CHK64(3)
	STRIPE_CHK64(4)
	STRIPE_CHK64(5)
	STRIPE_CHK64(6)
	STRIPE_CHK64(7)
	STRIPE_CHK64(8)
	STRIPE_CHK64(9)
	STRIPE_CHK64(10)
	STRIPE_CHK64(11)
	STRIPE_CHK64(12)
	STRIPE_CHK64(13)
	STRIPE_CHK64(14)
	STRIPE_CHK64(15)
	ENDCHECK
	SCRAMBLE
	ADDQ $1024, BX
	JMP  chk64

done:
	VMOVDQU Y8, (DX)
	VMOVDQU Y9, 32(DX)

fail:
	VZEROUPPER
	MOVQ BX, ret+56(FP)
	RET
