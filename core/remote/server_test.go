package remote

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// rangeServer is a loopback HTTP server over an in-memory object with
// Range support (http.ServeContent) and injectable faults. It records
// every request.
type rangeServer struct {
	*httptest.Server
	mu       sync.Mutex
	data     []byte
	etag     string
	log      []string // "METHOD range"
	queries  []string // raw query of every request
	bytes    int64    // body bytes of ranged answers
	fail     int      // the next fail requests answer failStatus
	failCode int
	truncate int           // the next truncate GETs send half the body, then close
	stall    int           // the next stall GETs send headers and then nothing
	wrongCR  bool          // Content-Range off by one
	noRange  bool          // ignore Range (answer 200)
	noLength bool          // HEAD without Content-Length
	latency  time.Duration // added to every answer
	slow     time.Duration // added to GETs starting below slowEnd
	slowEnd  int64         // GETs of ranges starting below it get slow
	arrivals []time.Time   // arrival time of every request
	release  chan struct{}
}

func newRangeServer(t testing.TB, data []byte) *rangeServer {
	s := startRangeServer(data)
	t.Cleanup(s.stop)
	return s
}

func startRangeServer(data []byte) *rangeServer {
	s := &rangeServer{data: data, etag: `"v1"`, failCode: 503, release: make(chan struct{})}
	s.Server = httptest.NewServer(http.HandlerFunc(s.handle))
	return s
}

func (s *rangeServer) stop() {
	close(s.release)
	s.Close()
}

func (s *rangeServer) url() string { return s.URL + "/data/file.tgm" }

func (s *rangeServer) setData(b []byte, etag string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.data, s.etag = b, etag
}

func (s *rangeServer) requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.log...)
}

func (s *rangeServer) counts() (gets int, bytes int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, l := range s.log {
		if strings.HasPrefix(l, "GET") {
			gets++
		}
	}
	return gets, s.bytes
}

func (s *rangeServer) handle(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.log = append(s.log, r.Method+" "+strings.TrimPrefix(r.Header.Get("Range"), "bytes="))
	s.queries = append(s.queries, r.URL.RawQuery)
	s.arrivals = append(s.arrivals, time.Now())
	data, etag := s.data, s.etag
	fail, trunc, stall := s.fail > 0, s.truncate > 0 && r.Method == "GET", s.stall > 0 && r.Method == "GET"
	if fail {
		s.fail--
	} else if trunc {
		s.truncate--
	} else if stall {
		s.stall--
	}
	wrongCR, noRange, noLength := s.wrongCR, s.noRange, s.noLength
	latency := s.latency
	var start int64 = -1
	fmt.Sscanf(r.Header.Get("Range"), "bytes=%d-", &start)
	if r.Method == "GET" && start >= 0 && start < s.slowEnd {
		latency += s.slow
	}
	s.mu.Unlock()
	if latency > 0 {
		time.Sleep(latency)
	}
	switch {
	case fail:
		http.Error(w, "injected", s.failCode)
		return
	case r.Method == "HEAD" && noLength:
		w.Header().Set("ETag", etag)
		w.(http.Flusher).Flush()
		return
	case noRange && r.Method == "GET":
		w.Header().Set("ETag", etag)
		w.Write(data)
		return
	}
	var a, b int64
	if r.Method == "GET" {
		if _, err := fmt.Sscanf(r.Header.Get("Range"), "bytes=%d-%d", &a, &b); err != nil {
			http.Error(w, "bad range", 400)
			return
		}
	}
	switch {
	case trunc:
		s.partial(w, data, etag, a, b, (b-a+1)/2)
	case stall:
		s.partial(w, data, etag, a, b, 0)
		select {
		case <-r.Context().Done():
		case <-s.release:
		case <-time.After(10 * time.Second):
		}
	case wrongCR:
		w.Header().Set("ETag", etag)
		w.Header().Set("Content-Range", fmt.Sprintf("bytes %d-%d/%d", a+1, b+1, len(data)))
		w.WriteHeader(206)
		w.Write(data[a : b+1])
	default:
		w.Header().Set("ETag", etag)
		rw := &countingWriter{ResponseWriter: w}
		http.ServeContent(rw, r, "", time.Time{}, bytes.NewReader(data))
		s.mu.Lock()
		s.bytes += rw.n
		s.mu.Unlock()
	}
}

// partial answers a correct 206 header, then sends only k body bytes.
func (s *rangeServer) partial(w http.ResponseWriter, data []byte, etag string, a, b, k int64) {
	w.Header().Set("ETag", etag)
	w.Header().Set("Content-Range", fmt.Sprintf("bytes %d-%d/%d", a, b, len(data)))
	w.Header().Set("Content-Length", fmt.Sprint(b-a+1))
	w.WriteHeader(206)
	w.Write(data[a : a+k])
	w.(http.Flusher).Flush()
}

type countingWriter struct {
	http.ResponseWriter
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.ResponseWriter.Write(p)
	c.n += int64(n)
	return n, err
}

// waves counts the round trips of the requests since request from: runs of
// requests that arrived within gap of the run's first one.
func (s *rangeServer) waves(from int, gap time.Duration) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	var start time.Time
	for _, a := range s.arrivals[from:] {
		if n == 0 || a.Sub(start) > gap {
			n, start = n+1, a
		}
	}
	return n
}
