//go:build !amd64 || purego

package core

// load24Blocks reads nothing here (no vector kernel): loadSamplesBE's Go
// loop reads every sample.
func load24Blocks(q []uint32, src []byte) int { return 0 }
