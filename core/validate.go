package core

import "fmt"

// Message validation (docs/metadata.md, "Validation") runs up to four
// levels, one file each, every issue code emitted in the file of its level:
//
//	validate_structure.go  level 1: preamble, postamble, frame walk
//	validate_metadata.go   level 2: metadata, index, hash, preceder CBOR; descriptors
//	validate_integrity.go  level 3: digests, hash frames, trial decode
//	validate_fidelity.go   level 4: full decode, sizes, NaN/Inf
//	validate_file.go       whole buffers and files
//	validate_types.go      options, levels, reports

// ValidateMessage validates the first message of buf at the levels
// opts.Mode selects (nil: default mode) and returns every issue found.
func ValidateMessage(buf []byte, opts *ValidateOptions) *Report {
	v := &validator{buf: buf, rep: &Report{}}
	if opts != nil {
		v.opts = *opts
	}
	v.suppressWarn = v.opts.Mode == ModeChecksum
	if !v.structure() {
		return v.rep
	}
	v.rep.ObjectCount = len(v.objects)
	runMeta := v.opts.Mode == ModeDefault || v.opts.Mode == ModeFull || v.opts.Canonical
	if runMeta {
		v.metadata()
	}
	var hashOK bool
	if v.opts.Mode != ModeQuick {
		hashOK = v.integrity()
	}
	if v.opts.Mode == ModeFull {
		v.fidelity()
	}
	v.rep.HashVerified = hashOK && v.rep.OK()
	return v.rep
}

// vframe is a frame seen by the validator's structure walk.
type vframe struct {
	rawFrame
	objIndex int // data frames: object index; else -1
	region   []byte
	descCBOR []byte
	// badOffset marks a data frame whose cbor_offset is out of range (the
	// frame is kept, its descriptor counts as unparsable).
	badOffset bool
	// boundaryUnknown marks a CBOR-before frame whose descriptor could not
	// be parsed to find the payload start.
	boundaryUnknown bool
}

// validator holds one ValidateMessage run.
type validator struct {
	buf          []byte
	opts         ValidateOptions
	rep          *Report
	pre          Preamble
	postOff      int
	frames       []vframe
	objects      []*vframe
	desc         []*Descriptor // parsed descriptors, nil entries when unparsable
	descErr      []error       // descriptor parse errors
	maskSplit    []bool        // per object: level 2 validated its masks
	configFailed map[int]bool  // objects whose pipeline could not be built
	meta         *GlobalMetadata
	suppressWarn bool
}

// add records an issue (structure warnings are dropped in checksum mode).
func (v *validator) add(code string, lvl ValidationLevel, sev Severity, obj int, off int64, format string, args ...any) {
	if v.suppressWarn && sev == SeverityWarning && lvl == LevelStructure {
		return
	}
	v.rep.Issues = append(v.rep.Issues, Issue{Code: code, Level: lvl, Severity: sev, ObjectIndex: obj,
		ByteOffset: off, Description: fmt.Sprintf(format, args...)})
}

// errS records a structure error at byte offset off.
func (v *validator) errS(code string, off int, format string, args ...any) {
	v.add(code, LevelStructure, SeverityError, -1, int64(off), format, args...)
}
