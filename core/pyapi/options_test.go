package pyapi

import (
	"strings"
	"testing"
)

func str(s string) *string { return &s }

func TestEncodeOptions(t *testing.T) {
	eo, err := EncodeOptions(EncodeArgs{Hash: str("xxh3"), Threads: 3, SmallMaskThreshold: 0,
		MaskMethods: [3]*string{str("rle"), nil, str("zstd")}, AggregateHash: str("both")})
	if err != nil || eo.NoHash || eo.Threads != 3 || eo.SmallMaskThreshold != -1 || eo.NaNMaskMethod != "rle" ||
		eo.PosInfMaskMethod != "" || eo.NegInfMaskMethod != "zstd" {
		t.Fatalf("%+v %v", eo, err)
	}
	if eo, _ := EncodeOptions(EncodeArgs{SmallMaskThreshold: -1}); !eo.NoHash || eo.SmallMaskThreshold != 0 {
		t.Fatalf("hash=None / default threshold: %+v", eo)
	}
	if eo, _ := EncodeOptions(EncodeArgs{Hash: str("none"), SmallMaskThreshold: 1 << 40}); !eo.NoHash || eo.SmallMaskThreshold != 1<<31-1 {
		t.Fatalf("hash='none' / clamped threshold: %+v", eo)
	}
	for _, tc := range []struct {
		a     EncodeArgs
		class Class
		want  string
	}{
		{EncodeArgs{Hash: str("md5")}, ValueError, `unknown hash type: md5; expected "xxh3" or "none"`},
		{EncodeArgs{Threads: -1}, OverflowError, "can't convert negative int to unsigned"},
		{EncodeArgs{MaskMethods: [3]*string{nil, str("gzip"), nil}}, ValueError, `unknown mask method "gzip"`},
		{EncodeArgs{AggregateHash: str("all")}, ValueError, `unknown aggregate_hash policy "all"`},
	} {
		_, err := EncodeOptions(tc.a)
		if classOf(err) != int(tc.class) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: %v", tc.a, err)
		}
	}
}

func TestDecodeOptions(t *testing.T) {
	o, err := DecodeOptions(DecodeArgs{VerifyHash: true, Threads: 2})
	if err != nil || !o.VerifyHash || !o.WireOrder || !o.KeepNonFinite || o.Threads != 2 {
		t.Fatalf("%+v %v", o, err)
	}
	if o, _ := DecodeOptions(DecodeArgs{NativeByteOrder: true, RestoreNonFinite: true}); o.WireOrder || o.KeepNonFinite {
		t.Fatalf("native order, restored: %+v", o)
	}
	if o, _ := DecodeOptions(DecodeArgs{RestoreNonFinite: true, WithMasks: true}); !o.KeepNonFinite {
		t.Fatal("decode_with_masks keeps NaN/Inf as decoded")
	}
	if _, err := DecodeOptions(DecodeArgs{Threads: -1}); classOf(err) != int(OverflowError) {
		t.Fatalf("negative threads: %v", err)
	}
}

func TestValidateOptions(t *testing.T) {
	for _, l := range []string{"quick", "default", "checksum", "full"} {
		if o, err := ValidateOptions(l, true); err != nil || !o.Canonical {
			t.Errorf("%s: %+v %v", l, o, err)
		}
	}
	for _, l := range []string{"", "QUICK", "x"} {
		_, err := ValidateOptions(l, false)
		if classOf(err) != int(ValueError) || !strings.Contains(err.Error(), "unknown validation level: '"+l+"'") {
			t.Errorf("%q: %v", l, err)
		}
	}
}
