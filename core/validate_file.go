package core

// Validation of whole buffers and files: every message found by the scan,
// plus file-level issues for bytes outside messages.

import (
	"fmt"
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
// memory at a time.
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
	spans, err := ScanReaderAt(fh, st.Size())
	if err != nil {
		return nil, err
	}
	return validateSpans(spans, st.Size(), func(s MessageSpan) ([]byte, error) {
		b := make([]byte, s.Length)
		if _, err := fh.ReadAt(b, int64(s.Offset)); err != nil {
			return nil, ioErr(err, "read %s", path)
		}
		return b, nil
	}, opts)
}

func validateSpans(spans []MessageSpan, size int64, read func(MessageSpan) ([]byte, error), opts *ValidateOptions) (*FileReport, error) {
	fr := &FileReport{}
	pos := int64(0)
	for _, s := range spans {
		if off := int64(s.Offset); off > pos {
			fr.FileIssues = append(fr.FileIssues, FileIssue{ByteOffset: pos, Length: off - pos,
				Description: fmt.Sprintf("%d unrecognized bytes at offset %d", off-pos, pos)})
		}
		b, err := read(s)
		if err != nil {
			return nil, err
		}
		fr.Messages = append(fr.Messages, MessageReport{Offset: s.Offset, Length: s.Length, Report: ValidateMessage(b, opts)})
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
