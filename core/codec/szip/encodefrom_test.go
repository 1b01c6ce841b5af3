package szip

import (
	"bytes"
	"errors"
	"reflect"
	"testing"
)

// EncodeFrom gives exactly Encode's stream and offsets when its source
// yields the samples Encode reads from containers: 24-bit (the fused
// preprocessing path), 16-bit signed and 8-bit without preprocessing,
// sequentially and on several threads, with both offset conventions.
func TestEncodeFromMatchesEncode(t *testing.T) {
	cases := []struct {
		p Params
		n int
	}{
		{headlineParams, 300_000},
		{headlineParams, 1},
		{headlineParams, 2047},
		{Params{BitsPerSample: 16, BlockSize: 8, RSI: 64, Flags: FlagPreprocess | FlagMSB | FlagSigned}, 100_003},
		{Params{BitsPerSample: 8, BlockSize: 32, RSI: 16, Flags: 0}, 50_000},
	}
	for _, tc := range cases {
		c, err := newCoder(tc.p)
		if err != nil {
			t.Fatal(err)
		}
		in := smoothField24(tc.n)
		if c.cw != 3 {
			in = in[:tc.n*c.cw]
		}
		x := make([]uint32, tc.n)
		c.readSamples(x, in)
		src := func(first int, dst []uint32) { copy(dst, x[first:]) }
		for _, opts := range [][]Option{nil, {WithThreads(2), withParallelMin(0)}, {WithThreads(3), withParallelMin(0), WithLibaecOffsets()}} {
			want, wantOffs, err := Encode(in, tc.p, opts...)
			if err != nil {
				t.Fatal(err)
			}
			got, gotOffs, err := EncodeFrom(src, tc.n, tc.p, opts...)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) || !reflect.DeepEqual(gotOffs, wantOffs) {
				t.Fatalf("%+v n=%d options %d: EncodeFrom differs from Encode", tc.p, tc.n, len(opts))
			}
		}
	}
	if _, _, err := EncodeFrom(func(int, []uint32) {}, -1, headlineParams); !errors.Is(err, ErrRange) {
		t.Errorf("negative count: %v, want ErrRange", err)
	}
	if out, offs, err := EncodeFrom(func(int, []uint32) { t.Fatal("source called for 0 samples") }, 0, headlineParams); err != nil || len(out) != 0 || len(offs) != 0 {
		t.Errorf("zero samples: %v %v %v", out, offs, err)
	}
}
