package core

// Validation of whole buffers and files: every message found by the scan,
// plus file-level issues for bytes outside messages.

import (
	"fmt"
	"io"
	"os"
)

// ValidateBuffer scans buf and validates every message; bytes outside
// messages become file-level issues.
func ValidateBuffer(buf []byte, opts *ValidateOptions) *FileReport {
	fr, _ := validateSpans(Scan(buf), int64(len(buf)), func(s MessageSpan) ([]byte, error) {
		return buf[s.Offset : s.Offset+s.Length], nil
	}, opts)
	return fr
}

// ValidateFile validates a file like ValidateBuffer, holding one message in
// memory at a time (Workers messages with opts.Workers > 1).
func ValidateFile(path string, opts *ValidateOptions) (*FileReport, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, ioErr(err, "cannot open %s", path)
	}
	defer fh.Close()
	st, err := fh.Stat()
	if err != nil {
		return nil, ioErr(err, "stat %s", path)
	}
	return ValidateReaderAt(fh, st.Size(), opts)
}

// ValidateReaderAt validates the size bytes readable from r (a file, a
// remote object) like ValidateFile: the messages are found with
// ScanReaderAt and read one at a time.
func ValidateReaderAt(r io.ReaderAt, size int64, opts *ValidateOptions) (*FileReport, error) {
	spans, err := ScanReaderAt(r, size)
	if err != nil {
		return nil, err
	}
	return validateSpans(spans, size, func(s MessageSpan) ([]byte, error) {
		b := make([]byte, s.Length)
		n, err := r.ReadAt(b, int64(s.Offset))
		if n == len(b) {
			return b, nil
		}
		if err == nil || err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return nil, ioErr(err, "read message at offset %d", s.Offset)
	}, opts)
}

func validateSpans(spans []MessageSpan, size int64, read func(MessageSpan) ([]byte, error), opts *ValidateOptions) (*FileReport, error) {
	reports, err := validateAll(spans, read, opts)
	if err != nil {
		return nil, err
	}
	fr := &FileReport{}
	pos := int64(0)
	for i, s := range spans {
		if off := int64(s.Offset); off > pos {
			fr.FileIssues = append(fr.FileIssues, FileIssue{ByteOffset: pos, Length: off - pos,
				Description: fmt.Sprintf("%d unrecognized bytes at offset %d", off-pos, pos)})
		}
		fr.Messages = append(fr.Messages, MessageReport{Offset: s.Offset, Length: s.Length, Report: reports[i]})
		pos = int64(s.Offset + s.Length)
	}
	if pos < size {
		desc := fmt.Sprintf("%d trailing bytes after last message at offset %d", size-pos, pos)
		if len(spans) == 0 {
			desc = fmt.Sprintf("%d bytes with no valid messages", size)
		}
		fr.FileIssues = append(fr.FileIssues, FileIssue{ByteOffset: pos, Length: size - pos, Description: desc})
	}
	return fr, nil
}
