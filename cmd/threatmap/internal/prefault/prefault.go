// Package prefault backs the next 1.5 MiB of the Go heap with memory in one
// system call, from an initialiser that runs before Fyne's (it imports only
// syscall and unsafe: GODEBUG=inittrace=1 lists it 16th of 148).
// Fyne's initialisers then allocate into those pages instead of faulting
// them in one by one: on the project's VM a page costs about 13 µs faulted
// and 3 µs populated ahead (data/ingest's BenchmarkFirstTouch). Measured
// (`perf stat -e page-faults -r 20 threatmap validate` of a one-feature
// file): 1216 -> 942 page faults; `tmbench -also`, 100k hosts + 100k links,
// two runs of 15 rounds: -7.5 and -4.5 ms a round (median), peak RSS +0.2
// to +0.3 MiB.
package prefault
