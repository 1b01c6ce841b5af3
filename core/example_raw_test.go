package core_test

import (
	"bytes"
	"fmt"
	"log"

	"github.com/tensogram-go/tensogram-go/core"
)

// A program that forwards the metadata as CBOR (the C API hands it to
// Python, which builds its view on first use) parses without building the
// metadata maps; the metadata is checked all the same.
func ExampleParseMessageRaw() {
	msg := twoFields()
	mv, err := core.ParseMessageRaw(msg, false)
	if err != nil {
		log.Fatal(err)
	}
	full, err := core.ParseMessage(msg)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(mv.Objects), "objects; maps built:", mv.Metadata != nil)
	fmt.Println("same CBOR as the parsed metadata:", bytes.Equal(mv.MetadataCBOR, full.Metadata.Raw))
	// Output:
	// 2 objects; maps built: false
	// same CBOR as the parsed metadata: true
}

// DecodeMetadataCBOR returns the bytes of DecodeMetadata's Raw, with its
// errors, but no maps.
func ExampleDecodeMetadataCBOR() {
	msg := twoFields()
	raw, err := core.DecodeMetadataCBOR(msg)
	if err != nil {
		log.Fatal(err)
	}
	g, err := core.DecodeMetadata(msg)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(bytes.Equal(raw, g.Raw))
	_, err = core.DecodeMetadataCBOR([]byte("not a message"))
	fmt.Println(err != nil)
	// Output:
	// true
	// true
}
