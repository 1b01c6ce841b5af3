package core

// payloadRecycler is implemented by compression stages whose Encode output
// comes from a pool of their own (zstd): RecyclePayload takes back a
// payload Encode returned once nothing refers to it any more. Reusing the
// buffers spares each call fresh Go-heap pages (page faults and a garbage
// collection every few calls for a multi-megabyte payload).
type payloadRecycler interface {
	RecyclePayload(payload []byte)
}

// recyclePayloads hands the payloads of a written message back to the
// stages that produced them; pos must not be used afterwards.
func recyclePayloads(pos []*preparedObject) {
	for _, po := range pos {
		if po.recycle != nil {
			po.recycle(po.payload)
			po.payload, po.recycle = nil, nil
		}
	}
}
