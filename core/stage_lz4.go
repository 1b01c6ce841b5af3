package core

import "github.com/tensogram-go/tensogram-go/core/codec/lz4"

// lz4 compression stage (docs/codecs.md, "lz4"), adapting package lz4.

// lz4Stage compresses with the lz4 block format.
type lz4Stage struct{ recyclesPayloads }

func lz4Factory(*StageContext) (Stage, error) { return lz4Stage{}, nil }

// Encode writes the size-prefixed LZ4 block into a buffer of the
// worst-case size, a recycled one when one is free (see RecyclePayload).
func (lz4Stage) Encode(in []byte) ([]byte, error) {
	out, err := lz4.AppendCompress(stagePayloads.get(lz4.CompressBound(len(in))), in)
	if err != nil {
		return nil, compressionErr(err)
	}
	return out, nil
}

// Decode decompresses, refusing a size prefix above expected.
func (lz4Stage) Decode(in []byte, expected int) ([]byte, error) {
	if expected < 0 {
		return nil, encodingErr("compression error: lz4: decoded size unknown or too large")
	}
	if expected == 0 {
		// WithMaxSize(0) means "no limit": check the prefix here.
		if n, err := lz4.DeclaredSize(in); err != nil || n != 0 {
			if err == nil {
				err = lz4.ErrSizeLimit
			}
			return nil, compressionErr(err)
		}
	}
	out, err := lz4.Decompress(in, lz4.WithMaxSize(expected))
	if err != nil {
		return nil, compressionErr(err)
	}
	return checkDecodedLen(out, expected)
}

// DecodeInto decompresses exactly len(dst) bytes into dst.
func (s lz4Stage) DecodeInto(dst, in []byte) error {
	if len(dst) == 0 {
		_, err := s.Decode(in, 0) // its own checks of an empty result
		return err
	}
	n, err := lz4.DecompressInto(dst, in)
	if err != nil {
		return compressionErr(err)
	}
	_, err = checkDecodedLen(dst[:n], len(dst))
	return err
}
