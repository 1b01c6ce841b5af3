package core_test

import (
	"bytes"
	"fmt"
	"log"

	"github.com/tensogram-go/tensogram-go/core"
)

// PrecederEntry reads the preceder of one object from only the bytes
// before its frame, as a reader that fetches frames by the index does.
func ExamplePrecederEntry() {
	var b bytes.Buffer
	se, err := core.NewStreamingEncoder(&b, &core.GlobalMetadata{}, nil)
	if err != nil {
		log.Fatal(err)
	}
	if err := se.WritePreceder(map[string]any{"param": "2t"}); err != nil {
		log.Fatal(err)
	}
	if err := se.WriteObject(core.EncodeInput{Descriptor: core.NewDescriptor(core.Float32, []uint64{2}), Data: make([]byte, 8)}); err != nil {
		log.Fatal(err)
	}
	if err := se.Finish(); err != nil {
		log.Fatal(err)
	}
	msg := b.Bytes()
	mv, err := core.ParseMessage(msg)
	if err != nil {
		log.Fatal(err)
	}
	// From the preamble's end to the object's frame: the header metadata
	// frame, then the preceder.
	p, err := core.PrecederEntry(msg[core.PreambleSize:mv.Objects[0].FrameOffset])
	fmt.Println(p, err)
	// Output: map[param:2t] <nil>
}

// MergePreceders sets preceder entries over the base entries they belong to.
func ExampleMergePreceders() {
	meta := &core.GlobalMetadata{Base: []map[string]any{{"param": "t", "level": 500}, {"param": "u"}}}
	core.MergePreceders(meta, []map[string]any{{"param": "2t"}, nil})
	fmt.Println(meta.Base)
	// Output: [map[level:500 param:2t] map[param:u]]
}
