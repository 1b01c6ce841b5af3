// Package pyapi holds the rules of upstream's Python API (PyPI tensogram)
// that are not the wire format itself, so that every binding (the C ABI used
// by the Python extension, a future CLI) applies them from one place:
//
//   - encode: the metadata dict and descriptor dicts a caller passes become
//     core.GlobalMetadata and core.Descriptor (GlobalFromDict,
//     DescriptorFromDict), with upstream's error texts and warnings;
//   - decode: the metadata view Python receives (MetadataView): free
//     top-level keys under "_extra_", "base" padded to the object count,
//     upstream's key order, plus the flat key index of the Metadata mapping;
//   - reports: validation reports, the stage list and doctor() as CBOR in the
//     key order upstream builds its dicts.
//
// The Python contract is described in docs/python-api.md. Package core never
// imports pyapi.
package pyapi
