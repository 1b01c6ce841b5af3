//go:build amd64 && !purego

#include "textflag.h"

// Both kernels read at an absolute bit position DX of buf (SI, R8 = the
// last byte offset from which 8 bytes can be loaded): the 8 bytes at DX/8,
// big-endian, shifted left by DX%8, hold at least 57 valid bits. They stop
// before a load that would pass the end of buf.

// WINDOW loads the bits at DX into R10, or jumps to stop near the end.
#define WINDOW(stop) \
	MOVQ DX, AX \
	SHRQ $3, AX \
	CMPQ AX, R8 \
	JGT  stop \
	MOVQ (SI)(AX*1), R10 \
	BSWAPQ R10 \
	MOVQ DX, R11 \
	ANDQ $7, R11 \
	SHLXQ R11, R10, R10

// ARGS loads the arguments both kernels share (their signatures are the
// same): SI buf, R8 = n − 8, DX bp, DI blk, CX cnt, R9 k.
#define ARGS \
	MOVQ buf+0(FP), SI \
	MOVQ n+8(FP), R8 \
	SUBQ $8, R8 \
	MOVQ bp+16(FP), DX \
	MOVQ blk+24(FP), DI \
	MOVQ cnt+32(FP), CX \
	MOVQ k+40(FP), R9

// func unaryBlockBMI2(buf *byte, n int, bp uint64, blk *uint32, cnt int, k uint64) (done int, end uint64)
TEXT ·unaryBlockBMI2(SB), NOSPLIT, $0-64
	ARGS
	XORQ BX, BX

uloop:
	CMPQ BX, CX
	JGE  out
	WINDOW(out)
	// R11 = valid bits left in the window (64 − DX%8 ≥ 57); codes are
	// taken from it while their one bit lies among them.
	NEGQ R11
	ADDQ $64, R11
	MOVQ R11, AX

ucode:
	BSRQ R10, R12
	JEQ  unext
	XORQ $63, R12
	CMPQ R12, R11
	JAE  unext
	SHLXL R9, R12, R13
	MOVL R13, (DI)(BX*4)
	INCQ R12
	ADDQ R12, DX
	SUBQ R12, R11
	SHLXQ R12, R10, R10
	INCQ BX
	CMPQ BX, CX
	JLT  ucode
	JMP  out

unext:
	// No whole code left in the window: load the next one, unless this
	// window was fresh (a code longer than the window: the caller's).
	CMPQ R11, AX
	JNE  uloop

out:
	MOVQ BX, done+48(FP)
	MOVQ DX, end+56(FP)
	RET

// func addBitsBMI2(buf *byte, n int, bp uint64, blk *uint32, cnt int, k uint64) (done int, end uint64)
TEXT ·addBitsBMI2(SB), NOSPLIT, $0-64
	ARGS
	MOVQ $64, R13
	SUBQ R9, R13
	XORQ BX, BX
	CMPQ R9, $28
	JA   aloop

	// Two values per window while 2k ≤ 56.
	LEAQ (R9)(R9*1), R12

aloop2:
	LEAQ 2(BX), AX
	CMPQ AX, CX
	JGT  aloop
	WINDOW(aout)
	SHRXQ R13, R10, AX
	ADDL AX, (DI)(BX*4)
	SHLXQ R9, R10, R10
	SHRXQ R13, R10, R10
	ADDL R10, 4(DI)(BX*4)
	ADDQ R12, DX
	ADDQ $2, BX
	JMP  aloop2

aloop:
	CMPQ BX, CX
	JGE  aout
	WINDOW(aout)
	SHRXQ R13, R10, R10
	ADDL R10, (DI)(BX*4)
	ADDQ R9, DX
	INCQ BX
	JMP  aloop

aout:
	MOVQ BX, done+48(FP)
	MOVQ DX, end+56(FP)
	RET
