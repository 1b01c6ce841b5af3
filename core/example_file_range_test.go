package core_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/tensogram-go/tensogram-go/core"
)

// File.DecodeRange reads part of one object of a file: a large message is
// mapped rather than read, so only the bytes the range needs come off the
// disk. DecodeRangeDescribed also returns the object's descriptor.
func ExampleFile_DecodeRange() {
	dir, err := os.MkdirTemp("", "tgm-range")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	f, err := core.CreateFile(filepath.Join(dir, "big.tgm"))
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	field := make([]float32, 1<<20)
	for i := range field {
		field[i] = float32(i)
	}
	if err := f.Append(nil, []core.EncodeInput{core.TensorOf([]uint64{1 << 20}, field)}, nil); err != nil {
		log.Fatal(err)
	}
	parts, err := f.DecodeRange(0, 0, []core.Range{{Offset: 500_000, Count: 3}}, nil)
	if err != nil {
		log.Fatal(err)
	}
	vals, err := core.ValuesFrom[float32](parts[0], core.NativeOrder)
	if err != nil {
		log.Fatal(err)
	}
	d, _, err := f.DecodeRangeDescribed(0, 0, []core.Range{{Offset: 0, Count: 1}}, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(vals, d.DType, d.Shape)
	// Output:
	// [500000 500001 500002] float32 [1048576]
}
