package core

import (
	"bytes"
	"encoding/hex"
	"math"
	"testing"
)

// Every CBOR kind survives decode → canonical encode, including the ones
// the metadata docs discourage (tags 0–3, bignums, undefined, simple values,
// byte-string and array keys).
func TestCBORValueRoundTrip(t *testing.T) {
	for _, h := range []string{
		"c074323031332d30332d32315432303a30343a30305a", // tag 0 date string
		"c11a514b67b0",           // tag 1 epoch
		"c249010000000000000000", // tag 2 bignum
		"c349010000000000000000", // tag 3 negative bignum
		"d9d9f7a0",               // self-described CBOR
		"f7",                     // undefined
		"a20161614168626869",     // map with int and bytes keys
		"a1820102f5",             // array key
		"3bffffffffffffffff",
		"f97e01", // half NaN with payload stays half
		"fa7fc00001",
		"83f90001f98000fb4002000000000000",
	} {
		b, _ := hex.DecodeString(h)
		v, n, err := UnmarshalLenient(b)
		if err != nil || n != len(b) {
			t.Fatalf("%s: %v (n=%d)", h, err, n)
		}
		re, err := MarshalCanonical(v)
		if err != nil {
			t.Fatalf("%s: %v", h, err)
		}
		want := b
		if h == "83f90001f98000fb4002000000000000" {
			want, _ = hex.DecodeString("83f90001f98000f94080")
		}
		if !bytes.Equal(re, want) {
			t.Fatalf("%s re-encoded as %x", h, re)
		}
	}
}

func TestCBORLenientAndStrict(t *testing.T) {
	// Indefinite strings and containers, long-form heads.
	b, _ := hex.DecodeString("bf7f6161ff9f1b0000000000000001ff7f6162ff18ffff")
	v, _, err := UnmarshalLenient(b)
	if err != nil {
		t.Fatal(err)
	}
	m := v.(map[string]any)
	if m["a"].([]any)[0] != uint64(1) || m["b"] != uint64(255) {
		t.Fatal(m)
	}
	for _, h := range []string{
		"62c328",             // invalid UTF-8
		"5a00000010",         // truncated bytes
		"9bffffffffffffffff", // huge array count
		"bbffffffffffffffff", // huge map count
		"1c",                 // reserved additional info
		"ff",                 // stray break
		"1f",                 // indefinite integer
		"f818",               // invalid two-byte simple value
		"7f61",               // unterminated indefinite string
		"7f4161ff",           // wrong chunk type
	} {
		b, _ := hex.DecodeString(h)
		if _, _, err := UnmarshalLenient(b); err == nil {
			t.Fatalf("%s accepted", h)
		}
	}
	if f := halfToFloat64(0x0001); f != math.Ldexp(1, -24) {
		t.Fatal(f)
	}
	if f := halfToFloat64(0xfc00); !math.IsInf(f, -1) {
		t.Fatal(f)
	}
}

// Keys holding a tag 0–3 around content of the wrong type (tag 0 around
// bytes here) are accepted, as upstream's reader does, re-encode to their
// canonical bytes, and duplicates still collapse with the last value
// winning — directly as a key and nested inside an array key.
func TestInvalidBuiltinTagKeys(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		// {0("0"-bytes): -17}
		{"a1c0413030", "a1c0413030"},
		// {[0(h'30')]: 1, [0(h'30')]: 2} → one key, value 2
		{"a281c041300181c0413002", "a181c0413002"},
		// {-18: -19, -18: -4, 0(h'30'): -17}: the fuzz finding
		{"a331323123c0413030", "a23123c0413030"},
	} {
		in, _ := hex.DecodeString(c.in)
		v, n, err := UnmarshalLenient(in)
		if err != nil || n != len(in) {
			t.Fatalf("%s: %v (%d bytes)", c.in, err, n)
		}
		out, err := MarshalCanonical(v)
		if err != nil {
			t.Fatalf("%s: %v", c.in, err)
		}
		if hex.EncodeToString(out) != c.want {
			t.Fatalf("%s: re-encoded %x, want %s", c.in, out, c.want)
		}
	}
}
