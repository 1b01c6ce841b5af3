package core

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
)

// Validating with several workers gives the same report as one worker,
// reports progress once per message with increasing counts, and a read
// error stops the run.
func TestValidateWorkersSameReport(t *testing.T) {
	good := mustEncode(t, nil, []EncodeInput{f32Input(1, 2)}, nil)
	var buf []byte
	for i := 0; i < 9; i++ {
		buf = append(buf, good...)
		if i%3 == 1 {
			buf = append(buf, simpleMsgFlagMismatch(t)...)
			buf = append(buf, "gap"...)
		}
	}
	serial, _ := json.Marshal(ValidateBuffer(buf, &ValidateOptions{Mode: ModeFull}))
	var counts []int
	par := ValidateBuffer(buf, &ValidateOptions{Mode: ModeFull, Workers: 4, Progress: func(done, total int) {
		if total != 12 {
			t.Errorf("total %d", total)
		}
		counts = append(counts, done)
	}})
	got, _ := json.Marshal(par)
	if !bytes.Equal(serial, got) {
		t.Fatalf("4 workers:\n%s\n1 worker:\n%s", got, serial)
	}
	if len(counts) != 12 || counts[0] != 1 || counts[11] != 12 {
		t.Fatalf("progress calls %v", counts)
	}
	boom := errors.New("boom")
	n := 0
	_, err := validateSpans(Scan(buf), int64(len(buf)), func(s MessageSpan) ([]byte, error) {
		if n++; n == 5 {
			return nil, boom
		}
		return buf[s.Offset : s.Offset+s.Length], nil
	}, &ValidateOptions{Workers: 3})
	if !errors.Is(err, boom) {
		t.Fatalf("read error: %v", err)
	}
}

// shrinking serves the scan in full, then only half of each later read,
// like a file truncated after it was scanned.
type shrinking struct {
	b     []byte
	calls int
}

func (s *shrinking) ReadAt(p []byte, off int64) (int, error) {
	s.calls++
	if s.calls > 1 {
		p = p[:len(p)/2]
	}
	return copy(p, s.b[off:]), nil
}

// ValidateReaderAt fails on a short message read instead of validating
// zeros.
func TestValidateReaderAtShortRead(t *testing.T) {
	msg := mustEncode(t, nil, []EncodeInput{f32Input(1, 2)}, nil)
	if fr, err := ValidateReaderAt(bytes.NewReader(msg), int64(len(msg)), nil); err != nil || !fr.OK() {
		t.Fatalf("whole: %v", err)
	}
	_, err := ValidateReaderAt(&shrinking{b: msg}, int64(len(msg)), nil)
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("short read: %v", err)
	}
}

// A panic on a validating worker goroutine (here in the progress callback)
// reaches the caller's goroutine, where capi's recover turns it into an
// error, instead of ending the process.
func TestValidateWorkerPanicReachesCaller(t *testing.T) {
	good := mustEncode(t, nil, []EncodeInput{f32Input(1, 2)}, nil)
	buf := bytes.Repeat(good, 4)
	defer func() {
		if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), "progress boom") {
			t.Fatalf("recovered %v, want the worker's panic", r)
		}
	}()
	ValidateBuffer(buf, &ValidateOptions{Workers: 2, Progress: func(done, total int) {
		if done == 3 {
			panic("progress boom")
		}
	}})
	t.Fatal("ValidateBuffer returned normally")
}
