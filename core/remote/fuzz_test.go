package remote

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/tensogram-go/tensogram-go/core"
)

// FuzzRemoteFile serves arbitrary bytes over the loopback range server and
// runs every File operation on them: nothing may panic or hang, and every
// failure must be an error value.
func FuzzRemoteFile(f *testing.F) {
	m := buffered(f, 2, 8, 1)
	f.Add(m)
	f.Add(cat(m, streaming(f, 2, 4, 3)))
	f.Add(cat(streaming(f, 1, 4, 3)))
	zero, _ := core.Encode(&core.GlobalMetadata{}, nil, nil)
	f.Add(cat(zero, m, []byte("junk")))
	s := newRangeServer(f, nil)
	var gen atomic.Int64
	opts := map[string]string{"max_retries": "0", "timeout": "5s", "stall_timeout": "1s"}
	f.Fuzz(func(t *testing.T, data []byte) {
		s.setData(data, fmt.Sprintf(`"%d"`, gen.Add(1)))
		for _, bidir := range []bool{false, true} {
			rf, err := OpenFile(context.Background(), s.url(), opts, OpenOptions{Bidirectional: bidir})
			if err != nil {
				continue
			}
			exercise(rf)
		}
	})
}

func exercise(rf *File) {
	ctx := context.Background()
	n, _ := rf.MessageCount(ctx)
	for i := range min(n, 3) {
		_, _ = rf.Metadata(ctx, i)
		_, _, _ = rf.Descriptors(ctx, i)
		_, _, _ = rf.DecodeObject(ctx, i, 0, &core.DecodeOptions{VerifyHash: true})
		_, _ = rf.DecodeRange(ctx, i, 0, []core.Range{{Offset: 0, Count: 1}}, nil)
		_, _ = rf.ReadMessage(ctx, i)
	}
	_, _, _ = rf.DecodeObjectBatch(ctx, []int{0, n - 1}, 0, nil)
	_, _ = rf.DecodeRangeBatch(ctx, []int{0}, 1, []core.Range{{Offset: 1, Count: 1}}, nil)
}
