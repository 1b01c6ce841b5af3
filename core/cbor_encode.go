package core

import "github.com/fxamacker/cbor/v2"

// encMode is the canonical CBOR encoder (docs/format.md, "Canonical CBOR").
var encMode cbor.EncMode

// MarshalCanonical encodes v as canonical CBOR exactly as upstream writes it:
// definite lengths, map keys sorted by their encoded bytes, integers and
// floats in their shortest exact form. Encode uses it for metadata; call it
// to produce or compare metadata bytes yourself.
func MarshalCanonical(v any) ([]byte, error) {
	b, err := encMode.Marshal(v)
	if err != nil {
		return nil, metadataErr("failed to encode CBOR: %v", err)
	}
	return b, nil
}

func init() {
	eo := cbor.CoreDetEncOptions()
	eo.NaNConvert = cbor.NaNConvertPreserveSignal
	eo.BigIntConvert = cbor.BigIntConvertShortest
	em, err := eo.EncMode()
	if err != nil {
		panic(err) // static options; cannot fail
	}
	encMode = em
}
