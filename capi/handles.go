package main

import "C"

import (
	"unsafe"

	pointer "github.com/mattn/go-pointer"
)

// closer is a handle object that owns resources released with the handle.
type closer interface{ close() error }

// saveHandle registers v and returns its opaque C handle.
func saveHandle(v any) unsafe.Pointer { return pointer.Save(v) }

// restoreHandle returns the object behind h as a T, or an error for a NULL,
// released or foreign handle.
func restoreHandle[T any](h unsafe.Pointer) (T, error) {
	var zero T
	if h == nil {
		return zero, errorf(statusValue, "NULL handle")
	}
	v, ok := pointer.Restore(h).(T)
	if !ok {
		return zero, errorf(statusValue, "invalid or released handle")
	}
	return v, nil
}

// tg_handle_free releases a handle returned by tg_file_open,
// tg_remote_open or tg_stream_new (closing the file, dropping the encoder). The caller
// guarantees that no other call is using the handle.
//
//export tg_handle_free
func tg_handle_free(h unsafe.Pointer) {
	_ = guard(func() error {
		if h == nil {
			return nil
		}
		v := pointer.Restore(h)
		pointer.Unref(h)
		if c, ok := v.(closer); ok {
			return c.close()
		}
		return nil
	})
}
