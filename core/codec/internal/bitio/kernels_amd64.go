//go:build amd64 && !purego

package bitio

import "golang.org/x/sys/cpu"

// unaryBlockBMI2 reads unary codes m from bit position bp of the n bytes
// at buf and stores m<<k (32-bit) in blk[0..cnt), several codes per
// 8-byte load, stopping before a code that does not end within one load
// (57 to 64 bits from where it starts) or a load within 8 bytes of the end.
// It returns how many codes it read and the bit position after them.
//
//go:noescape
func unaryBlockBMI2(buf *byte, n int, bp uint64, blk *uint32, cnt int, k uint64) (done int, end uint64)

// addBitsBMI2 adds the next k-bit value (0 < k ≤ 32) from bit position bp
// of the n bytes at buf to each of blk[0..cnt), stopping before a read
// within 8 bytes of the end. It returns how many values it added and the
// bit position after them.
//
//go:noescape
func addBitsBMI2(buf *byte, n int, bp uint64, blk *uint32, cnt int, k uint64) (done int, end uint64)

// hasBlockKernels reports whether the block kernels may run on this CPU.
var hasBlockKernels = cpu.X86.HasBMI2

// unaryBlockFast reads the leading codes of blk with the kernel (see
// UnaryBlock) and returns how many it read.
func (r *Reader) unaryBlockFast(blk []uint32, k uint) int {
	if !hasBlockKernels || r.virt > 0 || len(blk) == 0 || len(r.buf) < 8 {
		return 0
	}
	done, end := unaryBlockBMI2(&r.buf[0], len(r.buf), r.BitPos(), &blk[0], len(blk), uint64(k))
	if done > 0 {
		r.setBitPos(end)
	}
	return done
}

// addBitsBlockFast adds the leading values of blk with the kernel (see
// AddBitsBlock) and returns how many it added.
func (r *Reader) addBitsBlockFast(blk []uint32, k uint) int {
	if !hasBlockKernels || r.virt > 0 || len(blk) == 0 || len(r.buf) < 8 {
		return 0
	}
	done, end := addBitsBMI2(&r.buf[0], len(r.buf), r.BitPos(), &blk[0], len(blk), uint64(k))
	if done > 0 {
		r.setBitPos(end)
	}
	return done
}
