package core

import (
	"fmt"

	"github.com/zeebo/xxh3"
)

// HashAlgorithmXXH3 is the only hash algorithm of wire format v3: the 64-bit
// XXH3 digest with seed 0.
const HashAlgorithmXXH3 = "xxh3"

// ComputeHash returns the digest of data under algo as the lower-case,
// zero-padded 16-digit hexadecimal string Tensogram writes into hash frames.
// algo must be "xxh3" or "none"; "none" is accepted for compatibility with
// upstream and still yields the xxh3 digest. Any other name is an error.
func ComputeHash(data []byte, algo string) (string, error) {
	if algo != HashAlgorithmXXH3 && algo != "none" {
		return "", fmt.Errorf("unknown hash type: %q", algo)
	}
	return FormatHash(xxh3.Hash(data)), nil
}

// HashXXH3 returns the raw 64-bit XXH3 (seed 0) digest of data.
func HashXXH3(data []byte) uint64 { return xxh3.Hash(data) }

// FormatHash renders a 64-bit digest as 16 lower-case hexadecimal digits.
func FormatHash(h uint64) string {
	const digits = "0123456789abcdef"
	var b [16]byte
	for i := len(b) - 1; i >= 0; i-- {
		b[i] = digits[h&0xf]
		h >>= 4
	}
	return string(b[:])
}
