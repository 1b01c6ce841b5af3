package pyapi

import "fmt"

// Class is the Python exception class an Error maps to.
type Class uint8

// Exception classes used by the rules of this package.
const (
	ValueError Class = iota
	TypeError
	OverflowError
)

// Error is a rule violation in a value given by the caller; Class says which
// Python exception upstream raises for it.
type Error struct {
	Class Class
	Msg   string
}

func (e *Error) Error() string { return e.Msg }

func valueErrorf(format string, args ...any) error {
	return &Error{Class: ValueError, Msg: fmt.Sprintf(format, args...)}
}

func typeErrorf(format string, args ...any) error {
	return &Error{Class: TypeError, Msg: fmt.Sprintf(format, args...)}
}
