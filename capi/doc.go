// Command capi is the C ABI of tensogram-go, built with
//
//	go build -buildmode=c-shared -o libtensogram_go.so ./capi
//
// It only marshals between C and Go: the format lives in package core, the
// rules of upstream's Python API (dict conversion, the metadata view, option
// and report shapes, doctor) in package core/pyapi. The Python extension module (python/tensogram_go) loads the
// library with dlopen on first use and calls these functions with no Python
// lock held.
//
// # Conventions (every export follows them)
//
// Names start with tg_. Every export returns an int32 status: 0 (TG_OK) on
// success, otherwise one of the TG_ERR_* codes, which tell the caller which
// exception to raise (ValueError, TypeError, OSError, the tensogram
// integrity errors, ...). Exports that can fail take a last argument
// tg_error *err and, when it is not NULL, fill it on success too: the same
// status, the exception text (a malloc-allocated C string the caller
// releases with tg_free; NULL on success), and for integrity errors the
// index of the failing object and, for a hash mismatch, the expected and
// actual digests. The caller builds the exception from these fields; it
// never parses the text. A recovered Go panic is TG_ERR_INTERNAL (a bug;
// please report).
//
// tg_capi.h declares every structure, status code, operation code
// (TG_FILE_OP_* of tg_file_decode), mask slot and array kind of the ABI, once:
// the Go side reads them through cgo, the shim includes the header.
//
// Inputs are (pointer, length) pairs that Go reads in place for the duration
// of the call and never retains. A NULL pointer is allowed only with length 0.
//
// Outputs are either written into memory the caller allocated, or returned
// in buffers allocated with C malloc that the caller owns and releases with
// free() (tg_free for error messages). Go heap memory is never handed to C.
// The structures (tg_error, tg_result, tg_array, tg_decode_opts, tg_enc_obj,
// tg_enc_opts) are declared in tg_capi.h, which every export file includes
// in its cgo preamble so that they appear in the generated header.
//
//   - Decodes (tg_decode, tg_decode_object, tg_decode_range,
//     tg_decode_metadata, tg_decode_descriptors, tg_file_decode) fill a
//     tg_result: metadata and descriptor CBOR plus every decoded payload in
//     its own malloc block, sized and decoded in place by Go, which the shim
//     wraps as NumPy arrays without copying.
//   - Exports that produce one buffer the caller wants as its own object
//     (tg_encode, tg_validate, tg_validate_file, tg_file_read,
//     tg_stream_finish, tg_doctor, tg_stages) take an allocator callback
//     (tg_alloc_fn, ctx). Go calls it exactly once, on the calling thread,
//     after all heavy work, with the exact size, and writes the output into
//     the returned memory. tg_encode writes the message straight into the
//     caller's buffer: for the all-"none" pipeline the input is read in place
//     and copied once, into the output.
//   - Metadata, descriptors and reports travel as CBOR: inputs as produced
//     by the shim from Python dicts (upstream's binding rules are applied in
//     Go on the decoded value, by pyapi), outputs as the wire holds them
//     (metadata frames, descriptors) or in the key order Python's dicts
//     must have (reports, doctor, and the metadata view that
//     tg_metadata_view builds from a metadata frame on first use).
//
// Go objects that outlive a call (open files, remote files from
// tg_remote_open, streaming encoders) are returned as opaque handles
// (github.com/mattn/go-pointer) and released with tg_handle_free; using a released handle is an error, not a crash. go-pointer
// reuses addresses, so the caller must not free a handle while another call
// uses it (the shim pins handles with an in-flight count for that).
//
// Every export recovers Go panics and turns them into TG_ERR_INTERNAL: a
// panic must never unwind into C, where it would abort the host process.
package main

func main() {}
