package core

import (
	"encoding/hex"
	"testing"

	"github.com/tensogram-go/tensogram-go/core/codec/szip"
	"github.com/tensogram-go/tensogram-go/internal/testutil"
)

// The validator warns about upstream's defective szip_block_offsets and
// finds nothing wrong with our own szip messages or the other upstream
// pipeline vectors.
func TestStageValidateSzipOffsets(t *testing.T) {
	for _, v := range loadPipelineVectors(t) {
		file := testutil.ReadFile(t, "testdata", "pipeline", v.Name+".tgm")
		_, ov, err := ParseObject(file, 0, false)
		if err != nil {
			t.Fatal(err)
		}
		bad, _ := ov.szipDefectiveOffsets()
		r := ValidateMessage(file, &ValidateOptions{Mode: ModeFull})
		if got := r.HasCode(szip.DefectiveOffsetWarning); got != (len(bad) > 0) {
			t.Fatalf("%s: warning %v, defective entries %v", v.Name, got, bad)
		}
		for _, is := range r.Issues {
			if is.Severity == SeverityError {
				t.Fatalf("%s: %v", v.Name, r.Issues)
			}
		}
		// Re-encoded by us: never defective.
		data, _ := hex.DecodeString(v.Objects[0].Hex)
		in := []EncodeInput{{Descriptor: pythonDescriptor(t, v.Objects[0].Descriptor), Data: data}}
		ours, err := Encode(nil, in, v.encodeOptions())
		if err != nil {
			continue // combinations we reject on encode
		}
		if r := ValidateMessage(ours, &ValidateOptions{Mode: ModeFull}); r.HasCode(szip.DefectiveOffsetWarning) {
			t.Fatalf("%s: our offsets flagged", v.Name)
		}
	}
}
