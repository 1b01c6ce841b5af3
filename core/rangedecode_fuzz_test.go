package core

import (
	"bytes"
	"testing"
)

// FuzzDecodeRangeSzip: a mutated simple_packing + szip message never makes
// DecodeRange panic, and ranges it serves equal a full decode wherever that
// succeeds too.
func FuzzDecodeRangeSzip(f *testing.F) {
	for _, n := range []int{40, 5000} {
		d := spSzipDesc(n, 24)
		msg, err := Encode(nil, []EncodeInput{{Descriptor: d, Data: smoothField(n), DataOrder: NativeOrder}}, nil)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(msg, uint32(n/3), uint32(n/2))
	}
	f.Fuzz(func(t *testing.T, msg []byte, off, count uint32) {
		rs := []Range{{uint64(off), uint64(count)}, {0, 1}}
		parts, err := DecodeRange(msg, 0, rs, nil)
		if err != nil {
			return
		}
		full, err := Decode(msg, nil)
		if err != nil || len(full.Objects) == 0 {
			return
		}
		all := full.Objects[0].Data
		for k, r := range rs {
			if 8*(r.Offset+r.Count) <= uint64(len(all)) && !bytes.Equal(parts[k], all[8*r.Offset:8*(r.Offset+r.Count)]) {
				t.Fatalf("range %v differs from the full decode", r)
			}
		}
	})
}
