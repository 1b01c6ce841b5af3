//go:build race

package main

// raceEnabled reports a -race build: allocation counts then differ, so
// tests that bound them skip that bound.
const raceEnabled = true
