package main

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"strconv"
	"syscall"

	"github.com/tensogram-go/tensogram-go/core"
	"github.com/tensogram-go/tensogram-go/core/remote"
)

// inputFile is an opened input, local or remote: its message table, its
// size, how to read one message and how to release it.
type inputFile struct {
	spans   []core.MessageSpan
	size    int64
	read    func(i int) ([]byte, error)
	release func()
	// bar, when set, is advanced once per message by each.
	bar *progress
}

// openInput opens and scans the message file or URL named by path (URLs
// through openRemote). A missing file is an io error "file not found:
// <path>"; other failures carry the OS text.
func openInput(c *ctx, path string) (*inputFile, error) {
	open := openLocal
	if remote.IsRemoteURL(path) {
		open = openRemote
	}
	in, err := open(c, path)
	if err != nil {
		return nil, err
	}
	in.bar = c.progressFor(path, len(in.spans))
	return in, nil
}

// openLocal opens and scans a local file.
func openLocal(_ *ctx, path string) (*inputFile, error) {
	st, err := os.Stat(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, ioError("file not found: " + path)
		}
		return nil, ioError(osText(err))
	}
	if !st.Mode().IsRegular() && !st.IsDir() {
		if err := checkSeekable(path); err != nil {
			return nil, err
		}
	}
	f, err := core.OpenFile(path)
	if err != nil {
		return nil, ioError(osText(err))
	}
	spans, err := f.Spans()
	if err != nil {
		f.Close()
		return nil, ioError(osText(err))
	}
	read := func(i int) ([]byte, error) {
		b, err := f.ReadMessage(i)
		if err != nil {
			return nil, ioError(osText(err))
		}
		return b, nil
	}
	return &inputFile{spans: spans, size: st.Size(), read: read, release: func() { f.Close() }}, nil
}

// openPair opens the input and then creates (or truncates) the output, the
// prologue of the commands that rewrite one file into another.
func openPair(c *ctx, in, out string) (*inputFile, *os.File, error) {
	src, err := openInput(c, in)
	if err != nil {
		return nil, nil, err
	}
	f, err := createOutput(out)
	if err != nil {
		src.close()
		return nil, nil, err
	}
	return src, f, nil
}

// close releases the file and clears its progress bar.
func (in *inputFile) close() {
	in.bar.finish()
	in.release()
}

// message returns the raw bytes of message i.
func (in *inputFile) message(i int) ([]byte, error) { return in.read(i) }

// forEachMessage calls fn with the index and bytes of every message of
// every file in order; the command's progress bar (if any) follows along.
func forEachMessage(c *ctx, paths []string, fn func(i int, msg []byte) error) error {
	for _, p := range paths {
		in, err := openInput(c, p)
		if err != nil {
			return err
		}
		err = in.each(fn)
		in.close()
		if err != nil {
			return err
		}
	}
	return nil
}

// each calls fn with the index and bytes of every message of the file,
// advancing the progress bar, and erases the bar at the end (so whatever
// the command prints next starts on a clean line).
func (in *inputFile) each(fn func(i int, msg []byte) error) error {
	defer in.bar.finish()
	for i := range in.spans {
		msg, err := in.message(i)
		if err == nil {
			err = fn(i, msg)
		}
		if err != nil {
			return err
		}
		in.bar.update(i+1, len(in.spans))
	}
	return nil
}

// ioError is a library io error whose cause repeats its text.
func ioError(text string) error {
	return &cliError{msg: "io error: " + text, causes: []string{text}}
}

// osText renders an OS error the way the CLI prints it:
// "<description> (os error <n>)".
func osText(err error) string {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		return errnoText(errno) + " (os error " + itoa(int(errno)) + ")"
	}
	var le *core.Error
	if errors.As(err, &le) && le.Err != nil {
		return osText(le.Err)
	}
	return err.Error()
}

// errnoText is the C library's description of an errno: Go's text with the
// first letter capitalised.
func errnoText(e syscall.Errno) string {
	s := e.Error()
	if s != "" && s[0] >= 'a' && s[0] <= 'z' {
		s = string(s[0]-'a'+'A') + s[1:]
	}
	return s
}

func itoa(n int) string { return strconv.Itoa(n) }

// checkSeekable fails with the OS error for inputs that cannot be read by
// offset (a pipe: "Illegal seek").
func checkSeekable(path string) error {
	fh, err := os.Open(path)
	if err != nil {
		return ioError(osText(err))
	}
	defer fh.Close()
	if _, err := fh.Seek(0, io.SeekCurrent); err != nil {
		return ioError(osText(err))
	}
	return nil
}
