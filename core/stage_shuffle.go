package core

import (
	"math"

	"github.com/tensogram-go/tensogram-go/core/codec/shuffle"
)

// shuffle filter stage (docs/codecs.md, "shuffle"), adapting package shuffle.

type shuffleStage struct{ size int }

func shuffleFactory(ctx *StageContext) (Stage, error) {
	s, ok, err := ParamUint64(ctx.Params, "shuffle_element_size", math.MaxInt32)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, MissingParam("shuffle_element_size")
	}
	return shuffleStage{size: int(s)}, nil
}

// Encode transposes the byte planes.
func (s shuffleStage) Encode(in []byte) ([]byte, error) {
	out, err := shuffle.Shuffle(in, s.size)
	if err != nil {
		return nil, wrapEncodingErr(err, "shuffle error: %v", err)
	}
	return out, nil
}

// Decode inverts Encode; the input must already have the expected size.
func (s shuffleStage) Decode(in []byte, expected int) ([]byte, error) {
	out, err := shuffle.Unshuffle(in, s.size)
	if err != nil {
		return nil, wrapEncodingErr(err, "shuffle error: %v", err)
	}
	return out, nil
}

// DecodeInto inverts Encode into dst, which must be as long as in.
func (s shuffleStage) DecodeInto(dst, in []byte) error {
	if len(in) != len(dst) {
		// Report what the copying path reports (a shuffle error first).
		if _, err := s.Decode(in, len(dst)); err != nil {
			return err
		}
		return encodingErr("descriptor size mismatch: expected %d bytes, got %d", len(dst), len(in))
	}
	if err := shuffle.UnshuffleInto(dst, in, s.size); err != nil {
		return wrapEncodingErr(err, "shuffle error: %v", err)
	}
	return nil
}
