package core

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
)

// File is a .tgm file: messages concatenated back to back (garbage between
// them tolerated). The message offset table is built lazily by a forward scan
// on first need and cached.
//
// Concurrency: every method is safe for concurrent use. Any number of
// goroutines may call Count, Spans, ReadMessage, DecodeMessage and
// DecodeObject while another goroutine calls Append; Append holds the write
// lock only while writing and updating the table, so a reader sees either
// the file before the append or after it, never a partial message. Readers
// use ReadAt on a shared handle (no seeking). Changes made to the file by
// anything other than this value are not seen: the offset table is built
// once and then only extended by Append.
type File struct {
	path    string
	mu      sync.RWMutex
	fh      *os.File
	spans   []MessageSpan
	scanned bool
	size    int64 // file size covered by spans
	starts  rsiCache
}

// OpenFile opens an existing file for reading and appending. It does not
// scan yet.
func OpenFile(path string) (*File, error) {
	fh, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, &Error{Kind: KindIO, Msg: "file not found: " + path, Err: err}
		}
		return nil, ioErr(err, "cannot open %s", path)
	}
	return &File{path: path, fh: fh}, nil
}

// CreateFile creates (or truncates) path, creating parent directories.
func CreateFile(path string) (*File, error) {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, ioErr(err, "cannot create directory %s", dir)
		}
	}
	w, err := os.Create(path)
	if err != nil {
		return nil, ioErr(err, "cannot create %s", path)
	}
	if err := w.Close(); err != nil {
		return nil, ioErr(err, "cannot create %s", path)
	}
	return OpenFile(path)
}

// Path returns the path the file was opened with.
func (f *File) Path() string { return f.path }

// Close releases the read handle. The File must not be used afterwards.
func (f *File) Close() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fh == nil {
		return nil
	}
	err := f.fh.Close()
	f.fh = nil
	if err != nil {
		return ioErr(err, "close %s", f.path)
	}
	return nil
}

// ensureScanned builds the offset table if needed (caller holds no lock).
func (f *File) ensureScanned() error {
	f.mu.RLock()
	ok := f.scanned
	f.mu.RUnlock()
	if ok {
		return nil
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.scanned {
		return nil
	}
	return f.scanLocked()
}

func (f *File) scanLocked() error {
	if f.fh == nil {
		return &Error{Kind: KindIO, Msg: "file is closed: " + f.path}
	}
	st, err := f.fh.Stat()
	if err != nil {
		return ioErr(err, "stat %s", f.path)
	}
	spans, err := ScanReaderAt(f.fh, st.Size())
	if err != nil {
		return err
	}
	f.spans, f.size, f.scanned = spans, st.Size(), true
	return nil
}

// Count returns the number of messages in the file.
func (f *File) Count() (int, error) {
	if err := f.ensureScanned(); err != nil {
		return 0, err
	}
	f.mu.RLock()
	defer f.mu.RUnlock()
	return len(f.spans), nil
}

// Spans returns a copy of the message offset table.
func (f *File) Spans() ([]MessageSpan, error) {
	if err := f.ensureScanned(); err != nil {
		return nil, err
	}
	f.mu.RLock()
	defer f.mu.RUnlock()
	return append([]MessageSpan(nil), f.spans...), nil
}

// ReadMessage returns the raw bytes of message i.
func (f *File) ReadMessage(i int) ([]byte, error) {
	sp, fh, err := f.span(i)
	if err != nil {
		return nil, err
	}
	buf := make([]byte, sp.Length)
	if _, err := fh.ReadAt(buf, int64(sp.Offset)); err != nil {
		return nil, ioErr(err, "read message %d of %s", i, f.path)
	}
	return buf, nil
}

// DecodeMessage reads and decodes message i.
func (f *File) DecodeMessage(i int, opts *DecodeOptions) (*Message, error) {
	b, err := f.ReadMessage(i)
	if err != nil {
		return nil, err
	}
	return Decode(b, opts)
}

// DecodeObject reads message i and decodes its object j.
func (f *File) DecodeObject(i, j int, opts *DecodeOptions) (*GlobalMetadata, *DecodedObject, error) {
	b, err := f.ReadMessage(i)
	if err != nil {
		return nil, nil, err
	}
	return DecodeObject(b, j, opts)
}

// Append encodes a message like Encode and appends it at the end of the file.
func (f *File) Append(meta *GlobalMetadata, objs []EncodeInput, opts *EncodeOptions) error {
	msg, err := Encode(meta, objs, opts)
	if err != nil {
		return err
	}
	return f.AppendRaw(msg)
}

// AppendRaw appends already-encoded message bytes at the end of the file.
func (f *File) AppendRaw(msg []byte) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	w, err := os.OpenFile(f.path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return ioErr(err, "cannot open %s for appending", f.path)
	}
	st, err := w.Stat()
	if err != nil {
		w.Close()
		return ioErr(err, "stat %s", f.path)
	}
	start := st.Size()
	if _, err := w.Write(msg); err != nil {
		w.Close()
		return ioErr(err, "append to %s", f.path)
	}
	if err := w.Close(); err != nil {
		return ioErr(err, "append to %s", f.path)
	}
	if f.scanned {
		if start == f.size {
			if isOneMessage(msg) {
				f.spans = append(f.spans, MessageSpan{Offset: int(start), Length: len(msg)})
				f.size = start + int64(len(msg))
				return nil
			}
		}
		return f.scanLocked()
	}
	return nil
}

// isOneMessage reports whether msg is exactly one complete message by the
// rules of the scan.
func isOneMessage(msg []byte) bool {
	if len(msg) < MinMessageSize || string(msg[:8]) != "TENSOGRM" {
		return false
	}
	s := scanner{win: msg, end: int64(len(msg)), size: int64(len(msg))}
	l, _ := s.messageAt(0, msg)
	return l == int64(len(msg))
}

// scanChunk is the read size of ScanReaderAt.
const scanChunk = 1 << 20

// ScanReaderAt runs the forward scan of Scan over size bytes of r without
// loading them all (it reads through one window of 1 MiB, or of size bytes
// when that is less); results equal Scan on the same bytes.
func ScanReaderAt(r io.ReaderAt, size int64) ([]MessageSpan, error) {
	buf := make([]byte, max(min(size, scanChunk), 0))
	s := scanner{size: size, fill: func(off int64) ([]byte, error) {
		n := max(min(int64(len(buf)), size-off), 0)
		if _, err := r.ReadAt(buf[:n], off); err != nil && err != io.EOF {
			return nil, ioErr(err, "scan read")
		}
		return buf[:n], nil
	}}
	return s.scan(nil)
}
