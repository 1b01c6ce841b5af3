package core

// PayloadRecycler is implemented by compression stages that can take back
// the buffer their Encode returned. Encode and StreamingEncoder hand it
// back once the data frame holding a copy of it is written, so a stage can
// reuse it for its next object instead of allocating (and the runtime
// zeroing, faulting in and collecting) a payload-sized buffer per call.
// RecyclePayload must not assume b came from the stage: it may keep it or
// drop it.
type PayloadRecycler interface {
	RecyclePayload(b []byte)
}

// release hands the payload back to the stage that produced it, if that
// stage recycles payloads, and forgets it. Call it only once the payload
// has been copied into the message.
func (po *preparedObject) release() {
	if po.recycler != nil && po.payload != nil {
		po.recycler.RecyclePayload(po.payload)
	}
	po.payload, po.recycler = nil, nil
}
