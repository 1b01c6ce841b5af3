package core

import (
	"encoding/json"
	"fmt"
)

// ValidationLevel is the level an issue belongs to (docs/metadata.md,
// "Levels and modes").
type ValidationLevel int

// Validation levels.
const (
	LevelStructure ValidationLevel = iota + 1
	LevelMetadata
	LevelIntegrity
	LevelFidelity
)

// String returns the JSON spelling ("structure", "metadata", …).
func (l ValidationLevel) String() string {
	if l >= LevelStructure && int(l) < len(levelNames) {
		return levelNames[l]
	}
	return fmt.Sprintf("level%d", int(l))
}

var levelNames = [...]string{LevelStructure: "structure", LevelMetadata: "metadata", LevelIntegrity: "integrity",
	LevelFidelity: "fidelity"}

// Severity of an issue.
type Severity int

// Severities.
const (
	SeverityError Severity = iota + 1
	SeverityWarning
)

// String returns "error" or "warning".
func (s Severity) String() string {
	if s == SeverityWarning {
		return "warning"
	}
	return "error"
}

// ValidateMode selects which levels run (upstream CLI flags).
type ValidateMode int

// Validation modes.
const (
	// ModeDefault runs levels 1–3.
	ModeDefault ValidateMode = iota
	// ModeQuick runs level 1 only.
	ModeQuick
	// ModeChecksum runs level-1 errors (warnings suppressed) and level-3 hashes only.
	ModeChecksum
	// ModeFull runs levels 1–4.
	ModeFull
)

// ParseValidateMode maps "default", "quick", "checksum", "full" to a mode.
func ParseValidateMode(s string) (ValidateMode, error) {
	switch s {
	case "", "default":
		return ModeDefault, nil
	case "quick":
		return ModeQuick, nil
	case "checksum":
		return ModeChecksum, nil
	case "full":
		return ModeFull, nil
	}
	return 0, &Error{Kind: KindMetadata, Msg: fmt.Sprintf("unknown validation level: '%s', expected one of: quick, default, checksum, full", s)}
}

// ValidateOptions select the mode and the canonical-CBOR check.
type ValidateOptions struct {
	Mode ValidateMode
	// Canonical adds the canonical key-order checks (forces level-2 parsing).
	Canonical bool
	// Workers is how many messages of a file or buffer are validated at
	// once (0 or 1: one after another). The report is the same for every
	// value; messages are still read one at a time, in file order.
	Workers int
	// Progress, when set, is called after each message of a file or buffer
	// has been validated, with the number done so far and the number of
	// messages; calls never overlap and done increases by one each time.
	Progress func(done, total int)
}

// Issue is one validation finding. ObjectIndex and ByteOffset are -1 when absent.
type Issue struct {
	Code        string
	Level       ValidationLevel
	Severity    Severity
	ObjectIndex int
	ByteOffset  int64
	Description string
}

// MarshalJSON uses upstream's spellings and omits absent fields.
func (i Issue) MarshalJSON() ([]byte, error) {
	m := map[string]any{"code": i.Code, "level": i.Level.String(), "severity": i.Severity.String(), "description": i.Description}
	if i.ObjectIndex >= 0 {
		m["object_index"] = i.ObjectIndex
	}
	if i.ByteOffset >= 0 {
		m["byte_offset"] = i.ByteOffset
	}
	return json.Marshal(m)
}

// Report is the validation result of one message.
type Report struct {
	Issues      []Issue
	ObjectCount int
	// HashVerified: at least one object digest was checked, all matched and
	// no error was reported.
	HashVerified bool
}

// OK reports whether no issue has severity error.
func (r *Report) OK() bool {
	for _, i := range r.Issues {
		if i.Severity == SeverityError {
			return false
		}
	}
	return true
}

// HasCode reports whether an issue with code exists.
func (r *Report) HasCode(code string) bool {
	for _, i := range r.Issues {
		if i.Code == code {
			return true
		}
	}
	return false
}

// MarshalJSON renders {"issues": [...], "object_count": n, "hash_verified": b}.
func (r *Report) MarshalJSON() ([]byte, error) {
	is := r.Issues
	if is == nil {
		is = []Issue{}
	}
	return json.Marshal(map[string]any{"issues": is, "object_count": r.ObjectCount, "hash_verified": r.HashVerified})
}

// FileIssue is a finding about bytes outside any message.
type FileIssue struct {
	ByteOffset  int64
	Length      int64
	Description string
}

// MessageReport is the report of one message found in a buffer or file.
type MessageReport struct {
	Offset int
	Length int
	Report *Report
}

// FileReport is the validation result of a buffer or file.
type FileReport struct {
	FileIssues []FileIssue
	Messages   []MessageReport
}

// OK reports whether there is no file issue and every message is OK.
func (f *FileReport) OK() bool {
	if len(f.FileIssues) > 0 {
		return false
	}
	for _, m := range f.Messages {
		if !m.Report.OK() {
			return false
		}
	}
	return true
}

// MarshalJSON renders {"byte_offset": n, "length": n, "description": s}.
func (f FileIssue) MarshalJSON() ([]byte, error) {
	return json.Marshal(map[string]any{"byte_offset": f.ByteOffset, "length": f.Length, "description": f.Description})
}

// MarshalJSON renders {"file_issues": [...], "messages": [report, ...]}.
func (f *FileReport) MarshalJSON() ([]byte, error) {
	fi := f.FileIssues
	if fi == nil {
		fi = []FileIssue{}
	}
	ms := make([]*Report, len(f.Messages))
	for i, m := range f.Messages {
		ms[i] = m.Report
	}
	return json.Marshal(map[string]any{"file_issues": fi, "messages": ms})
}
