package main

import (
	"os"
	"runtime/debug"
)

// defaultGCPercent is the Go GC target used when GOGC is not set. Payloads
// live in C memory, so the Go heap holds only per-call parse state and
// codec scratch; collecting it at the default 100% ran the collector so
// often that it capped scaling across Python threads (measured on 16K-float
// decodes: 1.1x at 2 threads with 100, 1.8x with 400). Its steady size stays
// a few tens of MB.
const defaultGCPercent = 400

func init() {
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(defaultGCPercent)
	}
}
