package remote

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/tensogram-go/tensogram-go/core"
)

// fastOpts keeps retries and timeouts short for tests.
var fastOpts = map[string]string{
	"retry_initial_backoff": "1ms", "retry_max_backoff": "5ms",
	"timeout": "5s", "stall_timeout": "300ms",
}

func testData(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i*7 + i/251)
	}
	return b
}

func mustOpen(t *testing.T, url string, opts map[string]string) *Object {
	t.Helper()
	o, err := Open(context.Background(), url, opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return o
}

func TestObjectOpenAndRead(t *testing.T) {
	data := testData(5000)
	s := newRangeServer(t, data)
	o := mustOpen(t, s.url(), fastOpts)
	if o.Size() != 5000 || o.ETag() != `"v1"` {
		t.Fatalf("size %d etag %q", o.Size(), o.ETag())
	}
	b, err := o.ReadRange(context.Background(), 100, 50)
	if err != nil || !bytes.Equal(b, data[100:150]) {
		t.Fatalf("ReadRange: %v", err)
	}
	p := make([]byte, 10)
	if n, err := o.ReadAt(p, 4995); n != 5 || err == nil || !bytes.Equal(p[:5], data[4995:]) {
		t.Fatalf("ReadAt at end: %d %v", n, err)
	}
	want := []string{"HEAD ", "GET 100-149", "GET 4995-4999"}
	if got := s.requests(); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("requests %q, want %q", got, want)
	}
	if st := o.Stats(); st.Requests != 3 || st.Bytes != 55 || st.Retries != 0 {
		t.Fatalf("stats %+v", st)
	}
	if _, err := o.ReadRange(context.Background(), 4990, 11); err == nil {
		t.Fatal("read past the end accepted")
	}
}

func isRemote(err error) bool { return core.KindOf(err) == core.KindUnsupported }

func TestObjectRetriesTransientStatus(t *testing.T) {
	for _, code := range []int{503, 500, 429, 408} {
		s := newRangeServer(t, testData(100))
		s.fail, s.failCode = 3, code
		o := mustOpen(t, s.url(), fastOpts)
		if b, err := o.ReadRange(context.Background(), 0, 10); err != nil || len(b) != 10 {
			t.Fatalf("%d: %v", code, err)
		}
		if st := o.Stats(); st.Retries != 3 || st.Requests != 5 {
			t.Fatalf("%d: stats %+v", code, st)
		}
	}
}

func TestObjectGivesUpAfterMaxRetries(t *testing.T) {
	s := newRangeServer(t, testData(100))
	o := mustOpen(t, s.url(), fastOpts)
	s.mu.Lock()
	s.fail = 100
	s.mu.Unlock()
	_, err := o.ReadRange(context.Background(), 0, 10)
	if err == nil || !isRemote(err) || !strings.Contains(err.Error(), "after 5 retries") {
		t.Fatalf("err = %v", err)
	}
	if st := o.Stats(); st.Requests != 1+6 {
		t.Fatalf("requests %d, want 7", st.Requests)
	}
}

func TestObjectNoRetryOnClientErrors(t *testing.T) {
	for code, sentinel := range map[int]error{404: ErrNotFound, 403: ErrPermission, 401: ErrUnauthenticated} {
		s := newRangeServer(t, testData(100))
		s.fail, s.failCode = 1, code
		_, err := Open(context.Background(), s.url(), fastOpts)
		if !errors.Is(err, sentinel) || !isRemote(err) {
			t.Fatalf("%d: %v", code, err)
		}
		if n := len(s.requests()); n != 1 {
			t.Fatalf("%d: %d requests", code, n)
		}
	}
}

func TestObjectTruncatedBodyRetriedThenFails(t *testing.T) {
	data := testData(1000)
	s := newRangeServer(t, data)
	o := mustOpen(t, s.url(), fastOpts)
	s.mu.Lock()
	s.truncate = 2
	s.mu.Unlock()
	b, err := o.ReadRange(context.Background(), 10, 500)
	if err != nil || !bytes.Equal(b, data[10:510]) {
		t.Fatalf("after 2 truncations: %v", err)
	}
	s.mu.Lock()
	s.truncate = 100
	s.mu.Unlock()
	_, err = o.ReadRange(context.Background(), 10, 500)
	if err == nil || !strings.Contains(err.Error(), "unexpected EOF") && !strings.Contains(err.Error(), "truncated") {
		t.Fatalf("persistent truncation: %v", err)
	}
}

// TestObjectSlowAnswers: a body that stops mid-way (stall_timeout) and a
// request that outlives timeout both fail within a few seconds.
func TestObjectSlowAnswers(t *testing.T) {
	for _, c := range []struct {
		name  string
		opts  map[string]string
		stall int
		want  string
	}{
		{"stall", map[string]string{"stall_timeout": "200ms", "max_retries": "1", "retry_initial_backoff": "1ms"}, 100, "stalled"},
		{"timeout", map[string]string{"timeout": "300ms", "stall_timeout": "0s", "max_retries": "0"}, 1, "deadline"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := newRangeServer(t, testData(1000))
			o := mustOpen(t, s.url(), c.opts)
			s.mu.Lock()
			s.stall = c.stall
			s.mu.Unlock()
			start := time.Now()
			if _, err := o.ReadRange(context.Background(), 0, 100); err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v", err)
			}
			if d := time.Since(start); d > 3*time.Second {
				t.Fatalf("took %v", d)
			}
		})
	}
}

func TestObjectWrongContentRange(t *testing.T) {
	s := newRangeServer(t, testData(1000))
	o := mustOpen(t, s.url(), fastOpts)
	s.wrongCR = true
	_, err := o.ReadRange(context.Background(), 10, 20)
	if err == nil || !strings.Contains(err.Error(), "Requested 10..30, got 11..31") {
		t.Fatalf("err = %v", err)
	}
}

func TestObjectRangeIgnored(t *testing.T) {
	data := testData(1000)
	s := newRangeServer(t, data)
	o := mustOpen(t, s.url(), fastOpts)
	s.noRange = true
	if _, err := o.ReadRange(context.Background(), 10, 20); err == nil || !strings.Contains(err.Error(), "Range request not supported by data/file.tgm") {
		t.Fatalf("err = %v", err)
	}
	if b, err := o.ReadRange(context.Background(), 0, 1000); err != nil || !bytes.Equal(b, data) {
		t.Fatalf("whole-object read with 200: %v", err)
	}
}

func TestObjectHeadWithoutLength(t *testing.T) {
	s := newRangeServer(t, testData(1000))
	s.noLength = true
	if _, err := Open(context.Background(), s.url(), fastOpts); err == nil || !strings.Contains(err.Error(), "Content-Length") {
		t.Fatalf("err = %v", err)
	}
}

func TestObjectChangedETag(t *testing.T) {
	data := testData(1000)
	s := newRangeServer(t, data)
	o := mustOpen(t, s.url(), fastOpts)
	other := append([]byte(nil), data...)
	other[5] ^= 1
	s.setData(other, `"v2"`)
	_, err := o.ReadRange(context.Background(), 0, 10)
	if !errors.Is(err, ErrChanged) || !isRemote(err) {
		t.Fatalf("err = %v", err)
	}
	// Same ETag but another size (a server that does not change ETags).
	s.setData(append(data, 1, 2, 3), `"v1"`)
	if _, err = o.ReadRange(context.Background(), 0, 10); !errors.Is(err, ErrChanged) {
		t.Fatalf("size change: %v", err)
	}
}

func TestObjectConnectionRefused(t *testing.T) {
	s := newRangeServer(t, nil)
	url := s.url()
	s.Close()
	start := time.Now()
	_, err := Open(context.Background(), url, map[string]string{"max_retries": "2", "retry_initial_backoff": "1ms"})
	if err == nil || !isRemote(err) || !strings.Contains(err.Error(), "after 2 retries") {
		t.Fatalf("err = %v", err)
	}
	if time.Since(start) > 3*time.Second {
		t.Fatal("refused connection took too long")
	}
}

func TestReadRangesCoalesces(t *testing.T) {
	data := testData(1 << 20)
	s := newRangeServer(t, data)
	o := mustOpen(t, s.url(), map[string]string{"coalesce_gap": "1000"})
	spans := []Span{{5000, 10}, {0, 100}, {150, 50}, {5000, 10}, {900000, 24}, {160, 10}}
	got, err := o.ReadRanges(context.Background(), spans)
	if err != nil {
		t.Fatal(err)
	}
	for i, sp := range spans {
		if !bytes.Equal(got[i], data[sp.Off:sp.Off+sp.Len]) {
			t.Fatalf("span %d wrong", i)
		}
	}
	gets, _ := s.counts()
	if gets != 3 { // [0,200) [5000,5010) [900000,900024)
		t.Fatalf("%d GETs: %q", gets, s.requests())
	}
	if r, err := o.ReadRanges(context.Background(), nil); err != nil || len(r) != 0 {
		t.Fatal("empty batch")
	}
	if gets2, _ := s.counts(); gets2 != gets {
		t.Fatal("empty batch made a request")
	}
}

func TestObjectLargeReadGrowsBuffer(t *testing.T) {
	data := testData(3<<20 + 17)
	s := newRangeServer(t, data)
	o := mustOpen(t, s.url(), fastOpts)
	b, err := o.ReadRange(context.Background(), 5, int64(len(data))-5)
	if err != nil || !bytes.Equal(b, data[5:]) {
		t.Fatalf("large read: %v", err)
	}
}

func TestObjectKeepsQueryString(t *testing.T) {
	s := newRangeServer(t, testData(100))
	q := "X-Amz-Signature=abc%2Fdef&X-Amz-Date=20260101T000000Z&token=a+b"
	o := mustOpen(t, s.url()+"?"+q, fastOpts)
	if _, err := o.ReadRange(context.Background(), 0, 10); err != nil {
		t.Fatal(err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, got := range s.queries {
		if got != q {
			t.Fatalf("query %q reached the server, want %q", got, q)
		}
	}
}

func TestPresignedSizeFromRangedGet(t *testing.T) {
	s := newRangeServer(t, testData(1234))
	o := mustOpen(t, s.url(), fastOpts)
	o.loc.Presigned = true // as for an amazonaws.com URL carrying X-Amz-Signature
	o.size = 0
	if err := o.stat(context.Background()); err != nil || o.Size() != 1234 {
		t.Fatalf("size %d: %v", o.Size(), err)
	}
	if got := s.requests(); got[len(got)-1] != "GET 0-0" {
		t.Fatalf("requests %q", got)
	}
}
