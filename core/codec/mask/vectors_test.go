package mask

import (
	"bytes"
	"testing"

	"github.com/tensogram-go/tensogram-go/internal/testutil"
)

type vecMask struct {
	Method string         `json:"method"`
	Offset int            `json:"offset"`
	Length int            `json:"length"`
	Params map[string]any `json:"params"`
	Blob   string         `json:"blob"`
	Bits   string         `json:"bits"`
}

type vecCase struct {
	Name        string             `json:"name"`
	DType       string             `json:"dtype"`
	N           int                `json:"n"`
	Input       string             `json:"input"`
	Substituted string             `json:"substituted"`
	Restored    string             `json:"restored"`
	Threshold   int                `json:"threshold"`
	Requested   map[string]string  `json:"requested"`
	Masks       map[string]vecMask `json:"masks"`
}

type vecBitmask struct {
	Name        string `json:"name"`
	Compression string `json:"compression"`
	N           int    `json:"n"`
	Input       string `json:"input"`
	Output      string `json:"output"`
}

func loadVectors(t *testing.T) ([]vecCase, []vecBitmask) {
	t.Helper()
	var doc struct {
		Cases   []vecCase    `json:"cases"`
		Bitmask []vecBitmask `json:"bitmask"`
	}
	testutil.ReadJSON(t, "testdata/vectors.json", &doc)
	if len(doc.Cases) == 0 || len(doc.Bitmask) == 0 {
		t.Fatal("bad vectors")
	}
	return doc.Cases, doc.Bitmask
}

// TestUpstreamMaskVectors checks substitution, mask bitmaps, blob bytes
// (none/rle/roaring/lz4 byte for byte; zstd by decoding), offsets, blob
// decoding and restoration against upstream tensogram 0.24.0.
func TestUpstreamMaskVectors(t *testing.T) {
	cases, _ := loadVectors(t)
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			dt, ok := ParseDType(c.DType)
			if !ok {
				t.Fatalf("dtype %s", c.DType)
			}
			var m Masks
			var payload []byte
			if c.Input != "" {
				in := testutil.Hex(t, c.Input)
				out, got, err := Substitute(in, dt, false, Policy{AllowNaN: true, AllowInf: true})
				if err != nil {
					t.Fatal(err)
				}
				if want := testutil.Hex(t, c.Substituted); !bytes.Equal(out, want) {
					t.Fatalf("substituted\n got %x\nwant %x", out, want)
				}
				m, payload = got, out
			} else {
				payload = make([]byte, c.N*dt.Width())
				for name, e := range c.Masks {
					k, _ := ParseKind(name)
					m[k] = &Bitmap{N: c.N, Packed: testutil.Hex(t, e.Bits)}
				}
			}
			for k := NaN; k <= NegInf; k++ {
				e, present := c.Masks[k.String()]
				if present != (m[k] != nil) {
					t.Fatalf("%s mask presence: upstream %v", k, present)
				}
				if present && !bytes.Equal(m[k].Packed, testutil.Hex(t, e.Bits)) {
					t.Fatalf("%s bits differ", k)
				}
			}
			// Lay the blobs out after the payload the way the encoder
			// does (core's preparedObject.addMasks): kinds in order,
			// requested method (default roaring), method "none" for
			// masks of at most Threshold bytes.
			off := len(payload)
			zstdSeen := false
			for k := NaN; k <= NegInf; k++ {
				if m[k] == nil {
					continue
				}
				w := c.Masks[k.String()]
				method := DefaultMethod
				if r, ok := c.Requested[k.String()]; ok {
					method = Method(r)
				}
				if c.Threshold > 0 && len(m[k].Packed) <= c.Threshold {
					method = MethodNone
				}
				blob, err := EncodeBlob(m[k], method, 0)
				if err != nil {
					t.Fatal(err)
				}
				if string(method) != w.Method || len(w.Params) != 0 {
					t.Fatalf("%s: method %s, upstream %s %v", k, method, w.Method, w.Params)
				}
				if method == MethodZstd {
					zstdSeen = true
				} else if !zstdSeen && (off != w.Offset || len(blob) != w.Length || !bytes.Equal(blob, testutil.Hex(t, w.Blob))) {
					t.Fatalf("%s (%s): blob/offset differ: got off %d len %d %x\nwant off %d len %d %s", k, method, off, len(blob), blob, w.Offset, w.Length, w.Blob)
				}
				off += len(blob)
			}
			// Decode upstream's blobs.
			var err error
			var dm Masks
			for k := NaN; k <= NegInf; k++ {
				w, ok := c.Masks[k.String()]
				if !ok {
					continue
				}
				if w.Offset < len(payload) {
					t.Fatalf("%s blob at %d overlaps the %d-byte payload", k, w.Offset, len(payload))
				}
				if dm[k], err = DecodeBlob(testutil.Hex(t, w.Blob), c.N, Method(w.Method)); err != nil {
					t.Fatal(err)
				}
			}
			for k := NaN; k <= NegInf; k++ {
				if w, ok := c.Masks[k.String()]; ok && !bytes.Equal(dm[k].Packed, testutil.Hex(t, w.Bits)) {
					t.Fatalf("decoded %s bits differ", k)
				}
			}
			if c.Restored != "" {
				out := append([]byte(nil), payload...)
				if err := Restore(out, dt, false, dm); err != nil {
					t.Fatal(err)
				}
				if want := testutil.Hex(t, c.Restored); !bytes.Equal(out, want) {
					t.Fatalf("restored\n got %x\nwant %x", out, want)
				}
			}
		})
	}
}

// TestUpstreamBitmaskCodecs checks the rle/roaring main codecs of the
// bitmask dtype byte for byte.
func TestUpstreamBitmaskCodecs(t *testing.T) {
	_, bms := loadVectors(t)
	for _, c := range bms {
		in, want := testutil.Hex(t, c.Input), testutil.Hex(t, c.Output)
		var got, back []byte
		var err, err2 error
		if c.Compression == "rle" {
			got, err = CompressBitmaskRLE(in)
			back, err2 = DecompressBitmaskRLE(want, PackedLen(c.N))
		} else {
			got, err = CompressBitmaskRoaring(in)
			back, err2 = DecompressBitmaskRoaring(want, PackedLen(c.N))
		}
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s: got %x want %x (%v)", c.Name, got, want, err)
		}
		if err2 != nil || !bytes.Equal(back, in) {
			t.Errorf("%s: decode %x want %x (%v)", c.Name, back, in, err2)
		}
	}
}
