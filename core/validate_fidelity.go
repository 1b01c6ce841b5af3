package core

import (
	"github.com/tensogram-go/tensogram-go/core/codec/mask"
)

// Validation level 4, fidelity (docs/metadata.md, "Validation"): every
// object is decoded and its size and float values checked. Issue codes of
// this level (all errors): decode_object_failed, decoded_size_mismatch,
// nan_detected, inf_detected.

// fidelity runs level 4.
func (v *validator) fidelity() {
	lvl := LevelFidelity
	for j := range v.objects {
		ov, maskErr, ok := v.objectView(j)
		if !ok || v.configFailed[j] {
			continue
		}
		if maskErr != nil {
			v.add("decode_object_failed", lvl, SeverityError, j, int64(ov.FrameOffset), "%v", maskErr)
			continue
		}
		d := ov.Descriptor
		off := int64(ov.FrameOffset)
		want, err := d.DecodedSize()
		if err != nil {
			continue
		}
		if d.Encoding == "none" && d.Filter == "none" && d.Compression == "none" && uint64(len(ov.Payload)) != want {
			v.add("decoded_size_mismatch", lvl, SeverityError, j, off, "decoded size %d, expected %d", len(ov.Payload), want)
			continue
		}
		data, err := ov.Decode(&DecodeOptions{WireOrder: true, KeepNonFinite: true})
		if err != nil {
			v.add("decode_object_failed", lvl, SeverityError, j, off, "%v", err)
			continue
		}
		if uint64(len(data)) != want {
			v.add("decoded_size_mismatch", lvl, SeverityError, j, off, "decoded size %d, expected %d", len(data), want)
			continue
		}
		if !d.DType.IsFloat() {
			continue
		}
		masks, err := ov.MaskBits()
		if err != nil {
			v.add("decode_object_failed", lvl, SeverityError, j, off, "mask decode failed: %v", err)
			continue
		}
		v.scanNonFinite(j, off, data, d, masks)
	}
}

// scanNonFinite reports the first unmasked NaN and the first unmasked
// ±Inf of a decoded float object (data in the descriptor's byte order).
func (v *validator) scanNonFinite(j int, off int64, data []byte, d *Descriptor, masks map[string][]byte) {
	md, ok := maskDType(d.DType)
	if !ok {
		return
	}
	comp, w := md.Components()
	es := comp * w
	big := d.ByteOrder != LittleEndian
	masked := func(i int) bool {
		for _, m := range masks {
			if m[i>>3]&(0x80>>(i&7)) != 0 {
				return true
			}
		}
		return false
	}
	names := []string{"real", "imaginary"}
	for i := 0; i < len(data)/es; i++ {
		for c := 0; c < comp; c++ {
			k := md.ClassifyComponent(data[i*es+c*w:], big)
			if k == mask.Finite || masked(i) {
				continue
			}
			suffix := " (not recorded in mask)"
			if comp == 2 {
				suffix = " (" + names[c] + " component, not recorded in mask)"
			}
			// Like upstream, only the first unmasked non-finite element is reported.
			if k == mask.NaN {
				v.add("nan_detected", LevelFidelity, SeverityError, j, off, "unexpected NaN at element %d%s", i, suffix)
			} else {
				v.add("inf_detected", LevelFidelity, SeverityError, j, off, "unexpected Inf at element %d%s", i, suffix)
			}
			return
		}
	}
}
