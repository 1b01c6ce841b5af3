package remote

import (
	"context"
	"fmt"
	"sync"

	"github.com/tensogram-go/tensogram-go/core"
)

// OpenOptions tune how a remote file is walked.
type OpenOptions struct {
	// Bidirectional discovers messages from both ends at once (forward by
	// preamble, backward by postamble); the message list is always the one
	// a forward walk finds. Forward-only mode reads a larger first chunk of
	// each skipped message instead, which also fills its layout.
	Bidirectional bool
}

// File is a Tensogram file behind a URL, read lazily: open reads the
// object size and the first preamble; messages are discovered as
// operations need them and each message's layout (metadata and index) is
// fetched once and cached. Operations fetch only the frames (or, for
// uncompressed range decodes, only the bytes) they need. A File is safe
// for concurrent use: discovery is serialised, frame reads run in
// parallel.
type File struct {
	obj *Object

	mu   sync.Mutex // guards the walk state and the layouts
	walk walkState
}

// layout is what is known about one message.
type layout struct {
	off, length int64
	flags       uint16
	streaming   bool

	filled    bool
	firstMeta *core.GlobalMetadata // first metadata frame (what local decode_metadata returns)
	meta      *core.GlobalMetadata // last metadata frame, base padded to the object count
	index     *core.IndexFrame
}

// OpenFile opens a remote Tensogram file: Open (one HEAD), then a check
// that the object holds at least one message (one 24-byte GET, plus the
// last 8 bytes when the first message is streaming).
func OpenFile(ctx context.Context, source string, options map[string]string, oo OpenOptions) (*File, error) {
	obj, err := Open(ctx, source, options)
	if err != nil {
		return nil, err
	}
	return NewFile(ctx, obj, oo)
}

// NewFile walks an already opened object as a Tensogram file.
func NewFile(ctx context.Context, obj *Object, oo OpenOptions) (*File, error) {
	if obj.Size() < core.MinMessageSize {
		return nil, remoteText("remote file too small (%d bytes)", obj.Size())
	}
	f := &File{obj: obj}
	f.walk.init(obj.Size(), oo.Bidirectional)
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, err := f.forwardStep(ctx, obj.Size(), false); err != nil {
		return nil, err
	}
	if len(f.walk.msgs) == 0 {
		return nil, remoteText("no valid messages found in remote file")
	}
	return f, nil
}

// Object returns the underlying remote object (size, ETag, counters).
func (f *File) Object() *Object { return f.obj }

// Close releases the underlying object's idle connections.
func (f *File) Close() error { return f.obj.Close() }

// Source returns the URL the file was opened with.
func (f *File) Source() string { return f.obj.Source() }

// MessageCount walks to the end of the object and returns the number of
// messages (cached afterwards).
func (f *File) MessageCount(ctx context.Context) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for !f.walk.complete() {
		if err := f.step(ctx, false); err != nil {
			return 0, err
		}
	}
	return len(f.walk.msgs), nil
}

// message returns message i, discovering messages up to it.
func (f *File) message(ctx context.Context, i int, eager bool) (*layout, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.messageLocked(ctx, i, eager)
}

func (f *File) messageLocked(ctx context.Context, i int, eager bool) (*layout, error) {
	for i >= len(f.walk.msgs) && !f.walk.complete() {
		if err := f.step(ctx, eager); err != nil {
			return nil, err
		}
	}
	if i < 0 || i >= len(f.walk.msgs) {
		return nil, &core.Error{Kind: core.KindFraming, Msg: errIndexText(i, len(f.walk.msgs))}
	}
	return f.walk.msgs[i], nil
}

func errIndexText(i, n int) string {
	return fmt.Sprintf("message index %d out of range (count=%d)", i, n)
}

// filledMessage returns message i with its layout (metadata, index).
func (f *File) filledMessage(ctx context.Context, i int) (*layout, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	l, err := f.messageLocked(ctx, i, !f.walk.bidirectional)
	if err != nil {
		return nil, err
	}
	if !l.filled {
		if err := f.fill(ctx, l, nil); err != nil {
			return nil, err
		}
	}
	return l, nil
}

// ReadMessage returns the bytes of message i (one GET of the message).
func (f *File) ReadMessage(ctx context.Context, i int) ([]byte, error) {
	l, err := f.message(ctx, i, false)
	if err != nil {
		return nil, err
	}
	return f.obj.ReadRange(ctx, l.off, l.length)
}

// DecodeMessage downloads message i and decodes it completely.
func (f *File) DecodeMessage(ctx context.Context, i int, opts *core.DecodeOptions) (*core.Message, error) {
	b, err := f.ReadMessage(ctx, i)
	if err != nil {
		return nil, err
	}
	return core.Decode(b, opts)
}

// Metadata returns the first metadata frame of message i, as a local
// decode_metadata does (for streaming messages: the header frame). The
// value is cached and shared by every call: do not modify it.
func (f *File) Metadata(ctx context.Context, i int) (*core.GlobalMetadata, error) {
	l, err := f.filledMessage(ctx, i)
	if err != nil {
		return nil, err
	}
	return l.firstMeta, nil
}
