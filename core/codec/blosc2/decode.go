package blosc2

// Decode decodes a whole contiguous frame: every chunk, in order.
func Decode(frame []byte, opts ...Option) ([]byte, error) {
	f, err := ParseFrame(frame, opts...)
	if err != nil {
		return nil, err
	}
	dst := make([]byte, f.nbytes)
	if err := f.decodeRange(dst, 0, newOptions(opts).threads); err != nil {
		return nil, err
	}
	return dst, nil
}

// DecodeInto decodes the frame into dst, which must be exactly its decoded
// size; nothing of that size is allocated.
func DecodeInto(dst, frame []byte, opts ...Option) error {
	f, err := ParseFrame(frame, append(opts, WithMaxSize(int64(len(dst))))...)
	if err != nil {
		return err
	}
	if f.nbytes != int64(len(dst)) {
		return corrupt("frame decodes to %d bytes, %d expected", f.nbytes, len(dst))
	}
	return f.decodeRange(dst, 0, newOptions(opts).threads)
}

// DecodeRange returns decoded bytes [offset, offset+length) of a frame,
// decompressing only the chunks and blocks the range touches.
func DecodeRange(frame []byte, offset, length int64, opts ...Option) ([]byte, error) {
	f, err := ParseFrame(frame)
	if err != nil {
		return nil, err
	}
	return f.DecodeRange(offset, length, opts...)
}

// DecodeRange returns decoded bytes [offset, offset+length) of f,
// decompressing only the chunks and blocks the range touches. Of the
// options only WithThreads applies.
func (f *Frame) DecodeRange(offset, length int64, opts ...Option) ([]byte, error) {
	if offset < 0 || length < 0 || offset > f.nbytes || length > f.nbytes-offset {
		return nil, corrupt("range [%d, +%d) outside the %d decoded bytes", offset, length, f.nbytes)
	}
	dst := make([]byte, length)
	if err := f.decodeRange(dst, offset, newOptions(opts).threads); err != nil {
		return nil, err
	}
	return dst, nil
}

// DecodeInto decodes the whole of f into dst (exactly DecodedSize bytes).
func (f *Frame) DecodeInto(dst []byte, opts ...Option) error {
	if int64(len(dst)) != f.nbytes {
		return corrupt("frame decodes to %d bytes, %d expected", f.nbytes, len(dst))
	}
	return f.decodeRange(dst, 0, newOptions(opts).threads)
}

// decodeRange decodes bytes [off, off+len(dst)) chunk by chunk; the blocks
// of each chunk are spread over threads goroutines.
func (f *Frame) decodeRange(dst []byte, off int64, threads int) error {
	end := off + int64(len(dst))
	for i := range f.offsets {
		lo, hi := max(off, f.starts[i]), min(end, f.starts[i+1])
		if lo >= hi {
			continue
		}
		c, err := f.chunk(i)
		if err != nil {
			return err
		}
		if err := c.decodeRange(dst[lo-off:hi-off], int(lo-f.starts[i]), threads); err != nil {
			return err
		}
	}
	return nil
}
