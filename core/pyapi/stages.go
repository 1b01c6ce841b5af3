package pyapi

import "github.com/tensogram-go/tensogram-go/core"

// Stages returns the registered pipeline stage names of this build as CBOR:
// {"encoding": [...], "filter": [...], "compression": [...]}.
func Stages() []byte {
	w := &cborWriter{}
	kinds := []struct {
		name string
		kind core.StageKind
	}{{"encoding", core.StageEncoding}, {"filter", core.StageFilter}, {"compression", core.StageCompression}}
	w.mapN(len(kinds))
	for _, k := range kinds {
		names := core.SupportedStages(k.kind)
		w.text(k.name)
		w.arrayN(len(names))
		for _, n := range names {
			w.text(n)
		}
	}
	return w.b
}
