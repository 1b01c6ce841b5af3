//go:build amd64 && !purego

#include "textflag.h"

// Register use of splitBitsBMI2: SI vals, CX n, R8 k, DI w.buf, R9 w.acc,
// R10 w.nbits, R11 w.pos, BX the value index; AX, DX, R12, R13 scratch.

// FLUSH stores the pending bits as the bitWriter does: the 8 bytes at pos
// get acc << (64 − nbits), big-endian; pos advances by the whole bytes and
// fewer than 8 bits stay pending.
#define FLUSH \
	MOVQ $64, AX \
	SUBQ R10, AX \
	SHLXQ AX, R9, DX \
	BSWAPQ DX \
	MOVQ DX, (DI)(R11*1) \
	MOVQ R10, AX \
	SHRQ $3, AX \
	ADDQ AX, R11 \
	ANDQ $7, R10

// UNARY1 adds the code of value off(SI)(BX*4) >> k to the chunk being
// built from the last value backwards: R13 is the bit position of the
// next code's terminating one, DX the OR of the codes' lengths − 1.
#define UNARY1(off) \
	MOVL off(SI)(BX*4), AX \
	SHRXL R8, AX, AX \
	ORL  AX, DX \
	LEAL 1(R13)(AX*1), R13 \
	MOVL $1, AX \
	SHLXQ R13, AX, AX \
	ORQ  AX, R12

// LOW1 appends the low k bits of value off(SI)(BX*4) to R12.
#define LOW1(off) \
	MOVL off(SI)(BX*4), AX \
	BZHIL R8, AX, AX \
	SHLXQ R8, R12, R12 \
	ORQ  AX, R12

// func splitBitsBMI2(vals *uint32, n int, k uint64, w *bitWriter)
TEXT ·splitBitsBMI2(SB), NOSPLIT, $0-32
	MOVQ vals+0(FP), SI
	MOVQ n+8(FP), CX
	MOVQ k+16(FP), R8
	MOVQ w+24(FP), AX
	MOVQ 0(AX), DI
	MOVQ 24(AX), R11
	MOVQ 32(AX), R9
	MOVQ 40(AX), R10
	XORQ BX, BX

	// Unary codes of v >> k, four per store while every code is shorter
	// than 13 bits (4 × 12 + 7 pending bits fit in 64).
unary4:
	LEAQ 4(BX), AX
	CMPQ AX, CX
	JGT  unarytail
	MOVL 12(SI)(BX*4), AX
	SHRXL R8, AX, AX
	MOVL AX, DX
	LEAL 1(AX), R13
	MOVL $1, R12
	MOVL $1, AX
	SHLXQ R13, AX, AX
	ORQ  AX, R12
	UNARY1(8)
	UNARY1(4)
	MOVL 0(SI)(BX*4), AX
	SHRXL R8, AX, AX
	ORL  AX, DX
	LEAL 1(R13)(AX*1), R13
	CMPL DX, $12
	JAE  unarybig
	SHLXQ R13, R9, R9
	ORQ  R12, R9
	ADDQ R13, R10
	FLUSH
	ADDQ $4, BX
	JMP  unary4

unarybig:
	// A long code among these four: one value at a time.
	LEAQ 4(BX), AX
	MOVQ AX, CX
	JMP  unaryone

unarytail:
	MOVQ n+8(FP), CX

unaryone:
	CMPQ BX, CX
	JGE  unaryonedone
	MOVL (SI)(BX*4), R12
	SHRXL R8, R12, R12

	// The fundamental sequence of R12: R12 zero bits, then a one.
fs32:
	CMPQ R12, $32
	JB   fsshort
	SHLQ $32, R9
	ADDQ $32, R10
	FLUSH
	SUBQ $32, R12
	JMP  fs32

fsshort:
	LEAQ 1(R12), R13
	SHLXQ R13, R9, R9
	ORQ  $1, R9
	ADDQ R13, R10
	FLUSH
	INCQ BX
	JMP  unaryone

unaryonedone:
	MOVQ n+8(FP), CX
	CMPQ BX, CX
	JLT  unary4

	// Low k bits of every value, as many per store as fit with 7 pending.
	TESTQ R8, R8
	JZ   done
	XORQ BX, BX
	CMPQ R8, $14
	JA   low2
	MOVQ R8, R13
	SHLQ $2, R13

low4:
	LEAQ 4(BX), AX
	CMPQ AX, CX
	JGT  low2
	MOVL 0(SI)(BX*4), R12
	BZHIL R8, R12, R12
	LOW1(4)
	LOW1(8)
	LOW1(12)
	SHLXQ R13, R9, R9
	ORQ  R12, R9
	ADDQ R13, R10
	FLUSH
	ADDQ $4, BX
	JMP  low4

low2:
	CMPQ R8, $28
	JA   low1
	LEAQ (R8)(R8*1), R13

low2loop:
	LEAQ 2(BX), AX
	CMPQ AX, CX
	JGT  low1
	MOVL 0(SI)(BX*4), R12
	BZHIL R8, R12, R12
	LOW1(4)
	SHLXQ R13, R9, R9
	ORQ  R12, R9
	ADDQ R13, R10
	FLUSH
	ADDQ $2, BX
	JMP  low2loop

low1:
	CMPQ BX, CX
	JGE  done
	MOVL 0(SI)(BX*4), R12
	BZHIL R8, R12, R12
	SHLXQ R8, R9, R9
	ORQ  R12, R9
	ADDQ R8, R10
	FLUSH
	INCQ BX
	JMP  low1

done:
	MOVQ w+24(FP), AX
	MOVQ R11, 24(AX)
	MOVQ R9, 32(AX)
	MOVQ R10, 40(AX)
	RET
