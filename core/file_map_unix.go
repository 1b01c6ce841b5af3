//go:build unix

package core

import (
	"os"
	"syscall"
)

// mapMin is the message size from which mapping beats reading.
const mapMin = 1 << 20

// mapSpan maps length bytes of fh at off read-only and returns them with
// the function that unmaps them; messages under mapMin are read instead
// (unmap nil).
func mapSpan(fh *os.File, off int64, length int) ([]byte, func(), error) {
	if length < mapMin {
		return readSpan(fh, off, length)
	}
	page := int64(os.Getpagesize())
	lead := off % page
	m, err := syscall.Mmap(int(fh.Fd()), off-lead, length+int(lead), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return readSpan(fh, off, length)
	}
	return m[lead : lead+int64(length)], func() { _ = syscall.Munmap(m) }, nil
}
