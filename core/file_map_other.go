//go:build !unix

package core

import "os"

// mapSpan reads length bytes of fh at off (no mapping on this platform).
func mapSpan(fh *os.File, off int64, length int) ([]byte, func(), error) {
	return readSpan(fh, off, length)
}
