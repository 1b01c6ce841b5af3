//go:build !amd64 || purego

package simplepacking

// hasQuantiseKernel reports whether a vector quantising kernel exists here.
var hasQuantiseKernel = false

// quantiseBlocks quantises nothing where no vector kernel exists: the
// caller quantises the whole range itself.
func (z Quantiser) quantiseBlocks(q []uint32, src []byte, bigEndian bool) (int, bool) {
	return 0, true
}

// unpackBlocks unpacks nothing where no vector kernel exists.
func (u Unpacker) unpackBlocks(dst []byte, bigEndian bool, q []uint32) int { return 0 }
