// Package core is the pure-Go implementation of the Tensogram v3 message
// format: framing, CBOR metadata, the payload pipeline, files and validation.
package core
