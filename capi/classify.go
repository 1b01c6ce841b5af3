package main

// classifyCore maps an error returned by package core to a status code.
// Errors that core does not classify are ValueErrors, the class upstream
// raises for malformed input.
func classifyCore(err error) int32 {
	return statusValue
}
