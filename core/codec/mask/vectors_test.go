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
			m, payload := vectorMasks(t, c, dt)
			for k := NaN; k <= NegInf; k++ {
				e, present := c.Masks[k.String()]
				if present != (m[k] != nil) {
					t.Fatalf("%s mask presence: upstream %v", k, present)
				}
				if present && !bytes.Equal(m[k].Packed, testutil.Hex(t, e.Bits)) {
					t.Fatalf("%s bits differ", k)
				}
			}
			checkVectorBlobs(t, c, m, len(payload))
			checkVectorDecode(t, c, dt, payload)
		})
	}
}

// vectorMasks returns the masks and payload of case c: substituted from
// its input, or (cases without one) its upstream bitmaps over a zero
// payload.
func vectorMasks(t *testing.T, c vecCase, dt DType) (Masks, []byte) {
	t.Helper()
	var m Masks
	if c.Input == "" {
		for name, e := range c.Masks {
			k, _ := ParseKind(name)
			m[k] = &Bitmap{N: c.N, Packed: testutil.Hex(t, e.Bits)}
		}
		return m, make([]byte, c.N*dt.Width())
	}
	out, m, err := Substitute(testutil.Hex(t, c.Input), dt, false, Policy{AllowNaN: true, AllowInf: true})
	if err != nil {
		t.Fatal(err)
	}
	if want := testutil.Hex(t, c.Substituted); !bytes.Equal(out, want) {
		t.Fatalf("substituted\n got %x\nwant %x", out, want)
	}
	return m, out
}

// checkVectorBlobs lays the blobs of m out after a payload of n bytes the
// way the encoder does (core's preparedObject.addMasks: kinds in order,
// requested method (default roaring), method "none" for masks of at most
// Threshold bytes) and compares methods, offsets and bytes with upstream's
// (bytes and later offsets not after a zstd blob, whose bytes may differ).
func checkVectorBlobs(t *testing.T, c vecCase, m Masks, n int) {
	t.Helper()
	off := n
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
}

// checkVectorDecode decodes upstream's blobs of case c, compares their
// bits, and restores payload with them when the case has a restored form.
func checkVectorDecode(t *testing.T, c vecCase, dt DType, payload []byte) {
	t.Helper()
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
		if !bytes.Equal(dm[k].Packed, testutil.Hex(t, w.Bits)) {
			t.Fatalf("decoded %s bits differ", k)
		}
	}
	if c.Restored == "" {
		return
	}
	out := append([]byte(nil), payload...)
	if err := Restore(out, dt, false, dm); err != nil {
		t.Fatal(err)
	}
	if want := testutil.Hex(t, c.Restored); !bytes.Equal(out, want) {
		t.Fatalf("restored\n got %x\nwant %x", out, want)
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
