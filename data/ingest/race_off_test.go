//go:build !race

package ingest

// raceMem: see race_on_test.go.
const raceMem = 1
