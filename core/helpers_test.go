package core

import (
	"encoding/binary"
	"errors"
	"strings"
	"testing"
)

// Hand-built message helpers for adversarial tests.

func tFrame(t FrameType, flags uint16, body []byte, hash bool) []byte {
	f := make([]byte, frameSize(len(body)))
	writeFrame(f, t, body, hash)
	if flags != 0 || !hash {
		be.PutUint16(f[6:], flags)
	}
	return f
}

func tCBOR(t testing.TB, v any) []byte {
	t.Helper()
	b, err := MarshalCanonical(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// tDataFrame builds an NTensorFrame; after selects the descriptor position.
func tDataFrame(desc, payload []byte, after, hash bool) []byte {
	l := FrameHeaderSize + len(desc) + len(payload) + DataFrameFooterSize
	f := make([]byte, l)
	flags := uint16(0)
	if after {
		flags |= FrameFlagCBORAfterPayload
	}
	if hash {
		flags |= FrameFlagHashPresent
	}
	putFrameHeader(f, FrameNTensor, flags, uint64(l))
	p := FrameHeaderSize
	co := p
	if after {
		p += copy(f[p:], payload)
		co = p
		p += copy(f[p:], desc)
	} else {
		p += copy(f[p:], desc)
		p += copy(f[p:], payload)
	}
	be.PutUint64(f[p:], uint64(co))
	if hash {
		be.PutUint64(f[p+8:], HashXXH3(f[FrameHeaderSize:p]))
	}
	copy(f[p+16:], "ENDF")
	return f
}

// tMessage assembles frames (each padded to 8) into a message.
func tMessage(flags uint16, frames [][]byte, streaming bool) []byte {
	out := make([]byte, PreambleSize)
	for _, f := range frames {
		out = append(out, f...)
		for len(out)%8 != 0 {
			out = append(out, 0)
		}
	}
	post := len(out)
	out = append(out, make([]byte, PostambleSize)...)
	total := uint64(len(out))
	if streaming {
		total = 0
	}
	putPreamble(out, flags, total)
	putPostamble(out[post:], uint64(post), total)
	return out
}

func tDesc(t testing.TB, dt DType, shape []uint64, order ByteOrder) []byte {
	d := NewDescriptor(dt, shape)
	d.ByteOrder = order
	b, err := d.MarshalCBOR()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// simpleMsg: header metadata {} + one float32[2] object, no hashing.
func simpleMsg(t testing.TB) []byte {
	meta := tFrame(FrameHeaderMetadata, 0, []byte{0xa0}, false)
	obj := tDataFrame(tDesc(t, Float32, []uint64{2}, LittleEndian), []byte{0, 0, 0x80, 0x3f, 0, 0, 0, 0x40}, true, false)
	return tMessage(FlagHeaderMetadata, [][]byte{meta, obj}, false)
}

func wantErr(t testing.TB, err error, kind error, substr ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("expected %v error, got nil", kind)
	}
	if !errors.Is(err, kind) {
		t.Fatalf("expected %v, got %T %v", kind, err, err)
	}
	for _, s := range substr {
		if !strings.Contains(err.Error(), s) {
			t.Fatalf("error %q does not contain %q", err, s)
		}
	}
}

func mustEncode(t testing.TB, meta *GlobalMetadata, in []EncodeInput, opts *EncodeOptions) []byte {
	t.Helper()
	b, err := Encode(meta, in, opts)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func f32Input(vals ...float32) EncodeInput {
	d := NewDescriptor(Float32, []uint64{uint64(len(vals))})
	return EncodeInput{Descriptor: d, Data: f32s(vals...)}
}

// getUint reads a w-byte unsigned integer in byte order o.
func getUint(b []byte, w int, o ByteOrder) uint64 {
	var bo binary.ByteOrder = binary.BigEndian
	if o == LittleEndian {
		bo = binary.LittleEndian
	}
	switch w {
	case 2:
		return uint64(bo.Uint16(b))
	case 4:
		return uint64(bo.Uint32(b))
	case 8:
		return bo.Uint64(b)
	}
	return 0
}
