// Package pages asks the kernel to back memory with pages ahead of its
// first use. On the project's VM a fresh 4 KiB page costs about 13 µs
// faulted in on first touch and 3 µs populated ahead (data/ingest's
// BenchmarkFirstTouch). It imports only syscall and unsafe, so a package
// initialiser that uses it can run before the heavy ones.
package pages
