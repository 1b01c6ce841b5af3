package core

// Version is the version of tensogram-go. It is recorded in the provenance of
// every message this library writes (`_reserved_.encoder.version`) and is the
// Python package's `__version__`.
const Version = "0.1.0"

// EncoderName is the name recorded in `_reserved_.encoder.name` of every
// message this library writes.
const EncoderName = "tensogram-go"
