//go:build race

package core

// raceEnabled reports a -race build: sync.Pool then drops entries at
// random, so tests that bound allocations skip that bound.
const raceEnabled = true
