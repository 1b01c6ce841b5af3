package core

import "os"

// Getenv reads the environment variables the library consults at run time:
// TENSOGRAM_THREADS here, and the credentials and endpoints of each object
// store in core/remote. It is os.Getenv by default, which sees the
// environment as it was when the Go runtime started. A host that loads the
// library into a process whose environment changes outside Go (the C API
// inside a Python process that assigns os.environ) sets it once, before any
// other call, to a function that reads the live environment.
var Getenv = os.Getenv
