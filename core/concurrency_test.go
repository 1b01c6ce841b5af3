package core

import (
	"bytes"
	"path/filepath"
	"sync"
	"testing"
)

// Many goroutines read one File while one goroutine appends; run with -race.
func TestFileConcurrentReadersOneAppender(t *testing.T) {
	f, err := CreateFile(filepath.Join(t.TempDir(), "c.tgm"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for i := 0; i < 3; i++ {
		if err := f.Append(nil, []EncodeInput{f32Input(float32(i), 1)}, nil); err != nil {
			t.Fatal(err)
		}
	}
	const appends = 40
	var wg sync.WaitGroup
	stop := make(chan struct{})
	errs := make(chan error, 64)
	for r := 0; r < 8; r++ {
		wg.Add(1)
		go func(r int) {
			defer wg.Done()
			last := 0
			for {
				select {
				case <-stop:
					return
				default:
				}
				n, err := f.Count()
				if err != nil {
					errs <- err
					return
				}
				if n < last {
					t.Errorf("count went backwards: %d < %d", n, last)
					return
				}
				last = n
				i := (r * 7) % n
				m, err := f.DecodeMessage(i, &DecodeOptions{VerifyHash: true})
				if err != nil {
					errs <- err
					return
				}
				if !bytes.Equal(m.Objects[0].Data, f32s(float32(i), 1)) {
					t.Errorf("message %d decoded wrong data", i)
					return
				}
			}
		}(r)
	}
	for i := 3; i < 3+appends; i++ {
		if err := f.Append(nil, []EncodeInput{f32Input(float32(i), 1)}, &EncodeOptions{Threads: 2}); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if n, _ := f.Count(); n != 3+appends {
		t.Fatalf("count %d", n)
	}
	// A fresh handle agrees with the incrementally maintained table.
	g, _ := OpenFile(f.Path())
	defer g.Close()
	a, _ := f.Spans()
	b, _ := g.Spans()
	if len(a) != len(b) {
		t.Fatal("span tables differ")
	}
	for i := range a {
		if a[i] != b[i] {
			t.Fatal("span tables differ")
		}
	}
}

// Parallel encode/decode gives byte-identical results for every thread count.
func TestThreadsDeterministic(t *testing.T) {
	in := make([]EncodeInput, 9)
	for i := range in {
		vals := make([]float32, 1000+i)
		for j := range vals {
			vals[j] = float32(i*j) * 0.5
		}
		in[i] = f32Input(vals...)
	}
	prov := &Provenance{EncoderName: "x", EncoderVersion: "1", Time: "t", UUID: "u"}
	ref := mustEncode(t, nil, in, &EncodeOptions{Provenance: prov})
	refDec, _ := Decode(ref, nil)
	for _, th := range []int{1, 2, 3, 8, 64} {
		got := mustEncode(t, nil, in, &EncodeOptions{Provenance: prov, Threads: th})
		if !bytes.Equal(got, ref) {
			t.Fatalf("threads %d: encode differs", th)
		}
		dec, err := Decode(got, &DecodeOptions{Threads: th, VerifyHash: true})
		if err != nil {
			t.Fatal(err)
		}
		for i := range dec.Objects {
			if !bytes.Equal(dec.Objects[i].Data, refDec.Objects[i].Data) {
				t.Fatalf("threads %d: decode differs", th)
			}
		}
	}
	// Concurrent independent calls equal the serial reference.
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if got, _ := Encode(nil, in, &EncodeOptions{Provenance: prov, Threads: 2}); !bytes.Equal(got, ref) {
				t.Error("concurrent encode differs")
			}
		}()
	}
	wg.Wait()
}
