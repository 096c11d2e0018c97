//go:build race

package ingest

// raceMem scales the memory bounds of the peak tests under the race
// detector, whose shadow memory and instrumented allocations roughly
// triple a load's peak (TestIPListPeak: 267 MiB plain, 817 MiB under
// -race). .ci/test also runs the peak tests without it, at the real bounds.
const raceMem = 3
