package core

import (
	"errors"
	"fmt"
)

// ErrorKind classifies every error returned by this package. The kinds mirror
// upstream Tensogram's error classes so that a C or Python layer can map them
// onto the matching exception types.
type ErrorKind int

// Error kinds.
const (
	// KindFraming covers preamble, frame, postamble and layout errors.
	KindFraming ErrorKind = iota + 1
	// KindMetadata covers CBOR parsing and metadata/descriptor schema errors.
	KindMetadata
	// KindEncoding covers payload pipeline and encoder validation errors.
	KindEncoding
	// KindCompression is the kind of upstream's CompressionError class. No
	// call of this package returns it: a codec that fails to decode or
	// encode yields a KindEncoding error whose message starts with
	// "compression error:", as upstream reports it.
	KindCompression
	// KindObject is an object index out of range.
	KindObject
	// KindIO covers operating-system I/O failures.
	KindIO
	// KindHashMismatch is a data-object frame whose digest does not match.
	KindHashMismatch
	// KindMissingHash is a data-object frame without a digest under verification.
	KindMissingHash
	// KindUnsupportedCodec is a known codec name this build cannot run.
	KindUnsupportedCodec
	// KindUnsupported is the kind of every error of core/remote (an object
	// store or HTTP failure), upstream's RemoteError class; String gives
	// "RemoteError".
	KindUnsupported
)

var kindNames = map[ErrorKind]string{
	KindFraming:          "FramingError",
	KindMetadata:         "MetadataError",
	KindEncoding:         "EncodingError",
	KindCompression:      "CompressionError",
	KindObject:           "ObjectError",
	KindIO:               "IoError",
	KindHashMismatch:     "HashMismatch",
	KindMissingHash:      "MissingHash",
	KindUnsupportedCodec: "UnsupportedCodec",
	KindUnsupported:      "RemoteError",
}

// String returns the upstream-style class name, e.g. "FramingError"; this is
// the prefix upstream's Python binding puts in front of the message.
func (k ErrorKind) String() string {
	if s, ok := kindNames[k]; ok {
		return s
	}
	return fmt.Sprintf("ErrorKind(%d)", int(k))
}

// Error is the general error value of this package: a kind plus a message.
// Use errors.Is(err, ErrFraming) (etc.) to test the kind, or errors.As to get
// the *Error and read Kind and Msg.
type Error struct {
	Kind ErrorKind
	Msg  string
	// Err is an optional wrapped cause (for example an *os.PathError).
	Err error
}

// Error renders "<Kind>: <Msg>", matching upstream's Python exception text.
func (e *Error) Error() string { return e.Kind.String() + ": " + e.Msg }

// Unwrap returns the wrapped cause, if any.
func (e *Error) Unwrap() error { return e.Err }

// Is reports whether target is the sentinel of the same kind.
func (e *Error) Is(target error) bool {
	if s, ok := target.(*kindSentinel); ok {
		return s.kind == e.Kind
	}
	return false
}

// kindSentinel is the type of the exported ErrXxx sentinels.
type kindSentinel struct{ kind ErrorKind }

func (s *kindSentinel) Error() string { return s.kind.String() }

// Sentinels usable with errors.Is to classify any error of this package.
var (
	ErrFraming          error = &kindSentinel{KindFraming}
	ErrMetadata         error = &kindSentinel{KindMetadata}
	ErrEncoding         error = &kindSentinel{KindEncoding}
	ErrCompression      error = &kindSentinel{KindCompression}
	ErrObject           error = &kindSentinel{KindObject}
	ErrIO               error = &kindSentinel{KindIO}
	ErrHashMismatch     error = &kindSentinel{KindHashMismatch}
	ErrMissingHash      error = &kindSentinel{KindMissingHash}
	ErrUnsupportedCodec error = &kindSentinel{KindUnsupportedCodec}
	ErrUnsupported      error = &kindSentinel{KindUnsupported}
	// ErrIntegrity matches both ErrHashMismatch and ErrMissingHash (upstream's
	// IntegrityError base class).
	ErrIntegrity error = &integritySentinel{}
)

type integritySentinel struct{}

func (*integritySentinel) Error() string { return "IntegrityError" }

// HashMismatchError is returned by verified decoding when the xxh3 digest of
// a data-object frame differs from the digest stored in its footer.
type HashMismatchError struct {
	ObjectIndex int
	Expected    string // digest stored in the frame, 16 lower-case hex digits
	Actual      string // digest recomputed from the frame body
}

// Error matches upstream's text: "HashMismatch: object_index=N, expected=…, actual=…".
func (e *HashMismatchError) Error() string {
	return fmt.Sprintf("HashMismatch: object_index=%d, expected=%s, actual=%s", e.ObjectIndex, e.Expected, e.Actual)
}

// Is matches ErrHashMismatch and ErrIntegrity.
func (e *HashMismatchError) Is(target error) bool {
	if target == ErrIntegrity {
		return true
	}
	s, ok := target.(*kindSentinel)
	return ok && s.kind == KindHashMismatch
}

// MissingHashError is returned by verified decoding when a data-object frame
// carries no digest (its HASH_PRESENT flag is clear).
type MissingHashError struct {
	ObjectIndex int
}

// Error matches upstream's text.
func (e *MissingHashError) Error() string {
	return fmt.Sprintf("MissingHash: object_index=%d; the message was encoded with hashing=false (HASH_PRESENT flag clear) — re-encode with hashing=true or call decode without verify_hash=True", e.ObjectIndex)
}

// Is matches ErrMissingHash and ErrIntegrity.
func (e *MissingHashError) Is(target error) bool {
	if target == ErrIntegrity {
		return true
	}
	s, ok := target.(*kindSentinel)
	return ok && s.kind == KindMissingHash
}

// UnsupportedCodecError reports a codec name that the format knows but this
// build has no implementation registered for.
type UnsupportedCodecError struct {
	Stage StageKind // which pipeline stage (encoding, filter, compression, mask)
	Name  string    // codec name as found in the descriptor
}

// Error names the codec.
func (e *UnsupportedCodecError) Error() string {
	return fmt.Sprintf("UnsupportedCodec: %s %q is not supported by this build yet", e.Stage, e.Name)
}

// Is matches ErrUnsupportedCodec.
func (e *UnsupportedCodecError) Is(target error) bool {
	s, ok := target.(*kindSentinel)
	return ok && s.kind == KindUnsupportedCodec
}

// KindOf returns the ErrorKind of err (0 when err is not from this package).
func KindOf(err error) ErrorKind {
	var e *Error
	var hm *HashMismatchError
	var mh *MissingHashError
	var uc *UnsupportedCodecError
	switch {
	case errors.As(err, &hm):
		return KindHashMismatch
	case errors.As(err, &mh):
		return KindMissingHash
	case errors.As(err, &uc):
		return KindUnsupportedCodec
	case errors.As(err, &e):
		return e.Kind
	}
	return 0
}

func framingErr(format string, args ...any) error {
	return &Error{Kind: KindFraming, Msg: fmt.Sprintf(format, args...)}
}

func metadataErr(format string, args ...any) error {
	return &Error{Kind: KindMetadata, Msg: fmt.Sprintf(format, args...)}
}

func encodingErr(format string, args ...any) error {
	return &Error{Kind: KindEncoding, Msg: fmt.Sprintf(format, args...)}
}

func objectErr(format string, args ...any) error {
	return &Error{Kind: KindObject, Msg: fmt.Sprintf(format, args...)}
}

func ioErr(err error, format string, args ...any) error {
	return &Error{Kind: KindIO, Msg: fmt.Sprintf(format, args...) + ": " + err.Error(), Err: err}
}

// libCategory is the lower-case category upstream's library error text
// starts with ("metadata error: …").
var libCategory = map[ErrorKind]string{
	KindFraming: "framing", KindMetadata: "metadata", KindEncoding: "encoding", KindCompression: "compression",
	KindObject: "object", KindIO: "io", KindUnsupported: "remote",
}

// libText renders err as upstream's library prints its errors (the text
// validation issues embed): "<category> error: <message>".
func libText(err error) string {
	var e *Error
	if errors.As(err, &e) {
		if c, ok := libCategory[e.Kind]; ok {
			return c + " error: " + e.Msg
		}
	}
	return err.Error()
}
