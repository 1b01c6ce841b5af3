//go:build !amd64 || purego

package bitio

// hasBlockKernels reports whether block kernels exist here.
var hasBlockKernels = false

// unaryBlockFast reads nothing where no kernel exists.
func (r *Reader) unaryBlockFast(blk []uint32, k uint) int { return 0 }

// addBitsBlockFast adds nothing where no kernel exists.
func (r *Reader) addBitsBlockFast(blk []uint32, k uint) int { return 0 }
