package pyapi

import "github.com/tensogram-go/tensogram-go/core"

// Report returns the dict upstream's validate() returns for r, as CBOR in
// upstream's key order: {"issues": [{"code", "level", "severity",
// "object_index"?, "byte_offset"?, "description"}], "object_count",
// "hash_verified"}.
func Report(r *core.Report) []byte {
	w := &cborWriter{}
	writeReport(w, r)
	return w.b
}

// FileReport returns the dict upstream's validate_file() returns, as CBOR:
// {"file_issues": [{"byte_offset", "length", "description"}], "messages":
// [one Report per message]}.
func FileReport(fr *core.FileReport) []byte {
	w := &cborWriter{}
	w.mapN(2)
	w.text("file_issues")
	w.arrayN(len(fr.FileIssues))
	for _, fi := range fr.FileIssues {
		w.mapN(3)
		w.text("byte_offset")
		w.int(fi.ByteOffset)
		w.text("length")
		w.int(fi.Length)
		w.kv("description", fi.Description)
	}
	w.text("messages")
	w.arrayN(len(fr.Messages))
	for _, m := range fr.Messages {
		writeReport(w, m.Report)
	}
	return w.b
}

func writeReport(w *cborWriter, r *core.Report) {
	w.mapN(3)
	w.text("issues")
	w.arrayN(len(r.Issues))
	for _, is := range r.Issues {
		n := 4
		if is.ObjectIndex >= 0 {
			n++
		}
		if is.ByteOffset >= 0 {
			n++
		}
		w.mapN(n)
		w.kv("code", is.Code)
		w.kv("level", is.Level.String())
		w.kv("severity", is.Severity.String())
		if is.ObjectIndex >= 0 {
			w.text("object_index")
			w.int(int64(is.ObjectIndex))
		}
		if is.ByteOffset >= 0 {
			w.text("byte_offset")
			w.int(is.ByteOffset)
		}
		w.kv("description", is.Description)
	}
	w.text("object_count")
	w.int(int64(r.ObjectCount))
	w.text("hash_verified")
	w.bool(r.HashVerified)
}
