package core

import (
	"crypto/rand"
	"fmt"
	"time"
)

// Provenance is the message-level `_reserved_` content the encoder writes.
type Provenance struct {
	EncoderName    string
	EncoderVersion string
	Time           string // YYYY-MM-DDThh:mm:ssZ
	UUID           string // RFC 4122 v4, lower case
}

// NewProvenance returns this build's provenance with the current time and a
// fresh random UUID.
func NewProvenance() *Provenance {
	return &Provenance{EncoderName: EncoderName, EncoderVersion: Version,
		Time: time.Now().UTC().Format("2006-01-02T15:04:05Z"), UUID: newUUID()}
}

func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

func (p *Provenance) toMap() map[string]any {
	return map[string]any{
		"encoder": map[string]any{"name": p.EncoderName, "version": p.EncoderVersion},
		"time":    p.Time,
		"uuid":    p.UUID,
	}
}
