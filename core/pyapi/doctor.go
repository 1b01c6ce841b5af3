package pyapi

import (
	"encoding/binary"
	"fmt"
	"math"
	"runtime"
	"unsafe"

	"github.com/tensogram-go/tensogram-go/core"
)

// doctorCodecs are the compression features upstream's doctor lists.
var doctorCodecs = []string{"szip", "zstd", "lz4", "blosc2", "zfp", "sz3"}

// selfTest is one doctor self-test: a label and a check, skipped when a
// needed codec is not in this build.
type selfTest struct {
	label string
	needs []string
	run   func() error
}

func registered(kind core.StageKind, name string) bool {
	for _, n := range core.SupportedStages(kind) {
		if n == name {
			return true
		}
	}
	return false
}

// roundTrip encodes 256 float64 values through a pipeline and checks the
// decoded values (exact unless lossy).
func roundTrip(desc map[string]any, lossy bool) error {
	d, _, err := DescriptorFromDict(desc)
	if err != nil {
		return err
	}
	vals := make([]float64, 256)
	for i := range vals {
		vals[i] = float64(i%17) * 1.5
	}
	data := unsafe.Slice((*byte)(unsafe.Pointer(&vals[0])), 8*len(vals))
	msg, err := core.Encode(&core.GlobalMetadata{}, []core.EncodeInput{{Descriptor: d, Data: data}}, nil)
	if err != nil {
		return err
	}
	m, err := core.Decode(msg, &core.DecodeOptions{VerifyHash: true})
	if err != nil {
		return err
	}
	got := float64s(m.Objects[0].Data, core.NativeOrder)
	for i, v := range vals {
		diff := got[i] - v
		if (!lossy && diff != 0) || diff > 0.01 || diff < -0.01 {
			return fmt.Errorf("value %d decoded as %v, want %v", i, got[i], v)
		}
	}
	return nil
}

func plainDesc(extra map[string]any) map[string]any {
	m := map[string]any{"type": "ntensor", "shape": []any{uint64(256)}, "dtype": "float64"}
	for k, v := range extra {
		m[k] = v
	}
	return m
}

var selfTests = []selfTest{
	{"encode/decode  none/none/none", nil, func() error { return roundTrip(plainDesc(nil), false) }},
	{"decode_metadata round-trip", nil, func() error {
		g := &core.GlobalMetadata{Extra: map[string]any{"k": "v"}}
		msg, err := core.Encode(g, nil, nil)
		if err != nil {
			return err
		}
		back, err := core.DecodeMetadata(msg)
		if err != nil {
			return err
		}
		if back.Extra["k"] != "v" {
			return fmt.Errorf("extra lost")
		}
		return nil
	}},
	{"scan multi-message buffer", nil, func() error {
		msg, err := core.Encode(&core.GlobalMetadata{}, nil, nil)
		if err != nil {
			return err
		}
		buf := append(append(append([]byte{}, msg...), 0xde, 0xad), msg...)
		if n := len(core.Scan(buf)); n != 2 {
			return fmt.Errorf("scan found %d messages, want 2", n)
		}
		return nil
	}},
	{"hash xxh3 verify", nil, func() error {
		msg, err := core.Encode(&core.GlobalMetadata{}, []core.EncodeInput{{Descriptor: core.NewDescriptor(core.Uint8, []uint64{4}), Data: []byte{1, 2, 3, 4}}}, nil)
		if err != nil {
			return err
		}
		_, err = core.Decode(msg, &core.DecodeOptions{VerifyHash: true})
		return err
	}},
	{"pipeline       simple_packing+szip", []string{"simple_packing", "szip"}, func() error {
		return roundTrip(plainDesc(map[string]any{"encoding": "simple_packing", "sp_bits_per_value": uint64(24),
			"compression": "szip", "szip_rsi": uint64(128), "szip_block_size": uint64(16), "szip_flags": uint64(8)}), true)
	}},
	{"pipeline       shuffle+zstd", []string{"shuffle", "zstd"}, func() error {
		return roundTrip(plainDesc(map[string]any{"filter": "shuffle", "shuffle_element_size": uint64(8), "compression": "zstd"}), false)
	}},
	{"pipeline       lz4", []string{"lz4"}, func() error { return roundTrip(plainDesc(map[string]any{"compression": "lz4"}), false) }},
	{"pipeline       blosc2", []string{"blosc2"}, func() error {
		return roundTrip(plainDesc(map[string]any{"compression": "blosc2"}), false)
	}},
	{"pipeline       zfp (fixed-rate)", []string{"zfp"}, func() error {
		return roundTrip(plainDesc(map[string]any{"compression": "zfp", "zfp_mode": "fixed_rate", "zfp_rate": 32.0}), true)
	}},
	{"pipeline       sz3 (absolute error)", []string{"sz3"}, func() error {
		return roundTrip(plainDesc(map[string]any{"compression": "sz3", "sz3_error_bound_mode": "abs", "sz3_error_bound": 0.001}), true)
	}},
}

// stageAvailable reports whether a stage name is registered in any kind.
func stageAvailable(name string) bool {
	return registered(core.StageEncoding, name) || registered(core.StageFilter, name) || registered(core.StageCompression, name)
}

// Doctor returns upstream's doctor() report as CBOR in upstream's key order:
// {"build": {...}, "features": [...], "self_test": [{"label", "outcome"}]},
// running every self-test whose codecs this build has ("ok" or "failed";
// "skipped" otherwise).
func Doctor() []byte {
	w := &cborWriter{}
	w.mapN(3)
	w.text("build")
	w.mapN(4)
	w.kv("version", core.Version)
	w.text("wire_version")
	w.uint(core.WireVersion)
	w.kv("target", runtime.GOARCH+"-"+runtime.GOOS)
	w.kv("profile", "release")
	w.text("features")
	w.arrayN(len(doctorCodecs) + 4)
	for _, name := range doctorCodecs {
		feature(w, name, "compression", registered(core.StageCompression, name), "go")
	}
	feature(w, "threads", "threading", true, "goroutines")
	feature(w, "remote", "io", true, "go: http(s), s3, gcs, azure (core/remote)")
	feature(w, "mmap", "io", false, "")
	feature(w, "async", "io", true, "asyncio.to_thread") // AsyncTensogramFile runs the sync API in threads
	w.text("self_test")
	w.arrayN(len(selfTests))
	for _, t := range selfTests {
		w.mapN(2)
		w.kv("label", t.label)
		w.kv("outcome", t.outcome())
	}
	return w.b
}

// outcome runs the test: "skipped" when a needed stage is missing, "failed"
// on an error or a panic, else "ok".
func (t *selfTest) outcome() (out string) {
	for _, n := range t.needs {
		if !stageAvailable(n) {
			return "skipped"
		}
	}
	defer func() {
		if recover() != nil {
			out = "failed"
		}
	}()
	if t.run() != nil {
		return "failed"
	}
	return "ok"
}

func feature(w *cborWriter, name, kind string, on bool, backend string) {
	if !on {
		w.mapN(3)
		w.kv("name", name)
		w.kv("kind", kind)
		w.kv("state", "off")
		return
	}
	w.mapN(6)
	w.kv("name", name)
	w.kv("kind", kind)
	w.kv("state", "on")
	w.kv("backend", backend)
	w.kv("linkage", "pure-go")
	w.kv("version", core.Version)
}

// float64s views data as float64 values in the given byte order (in place
// when it is the host order and aligned, else as a converted copy).
func float64s(data []byte, order core.ByteOrder) []float64 {
	n := len(data) / 8
	if n == 0 {
		return nil
	}
	if order == core.NativeOrder && uintptr(unsafe.Pointer(&data[0]))%8 == 0 {
		return unsafe.Slice((*float64)(unsafe.Pointer(&data[0])), n)
	}
	out := make([]float64, n)
	for i := range out {
		var u uint64
		if order == core.BigEndian {
			u = binary.BigEndian.Uint64(data[8*i:])
		} else {
			u = binary.LittleEndian.Uint64(data[8*i:])
		}
		out[i] = math.Float64frombits(u)
	}
	return out
}
