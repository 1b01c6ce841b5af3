package remote_test

import (
	"bytes"
	"context"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/tensogram-go/tensogram-go/core"
	"github.com/tensogram-go/tensogram-go/core/remote"
)

// OpenFile reads a Tensogram file behind a URL with range requests; here
// the URL is a local test server holding two messages. The same call takes
// s3://, gs:// and az:// URLs, with storage options as the third argument.
func ExampleOpenFile() {
	var file bytes.Buffer
	for step := range 2 {
		meta := &core.GlobalMetadata{Base: []map[string]any{{"step": step}}}
		field := []float64{float64(step), float64(step) + 0.25, float64(step) + 0.5}
		msg, err := core.Encode(meta, []core.EncodeInput{core.TensorOf([]uint64{3}, field)}, nil)
		if err != nil {
			log.Fatal(err)
		}
		file.Write(msg)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.ServeContent(w, r, "steps.tgm", time.Unix(0, 0), bytes.NewReader(file.Bytes()))
	}))
	defer srv.Close()

	ctx := context.Background()
	f, err := remote.OpenFile(ctx, srv.URL+"/steps.tgm", nil, remote.OpenOptions{})
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	n, err := f.MessageCount(ctx)
	if err != nil {
		log.Fatal(err)
	}
	meta, obj, err := f.DecodeObject(ctx, 1, 0, nil)
	if err != nil {
		log.Fatal(err)
	}
	vals, err := core.Values[float64](obj)
	if err != nil {
		log.Fatal(err)
	}
	step, _ := meta.LookupAt(0, "step")
	parts, err := f.DecodeRange(ctx, 0, 0, []core.Range{{Offset: 1, Count: 2}}, nil)
	if err != nil {
		log.Fatal(err)
	}
	part, _ := core.ValuesFrom[float64](parts[0], core.NativeOrder)
	fmt.Println(n, step, vals, part)
	// Output:
	// 2 1 [1 1.25 1.5] [0.25 0.5]
}
