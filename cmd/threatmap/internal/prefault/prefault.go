// Package prefault backs the next 1.5 MiB of the Go heap with memory in one
// system call (pages.Populate), from an initialiser that runs before Fyne's
// (it imports only data/pages and unsafe: GODEBUG=inittrace=1 lists it
// 16th of 148). Fyne's initialisers then allocate into those pages instead
// of faulting them in one by one. Measured with
//
//	echo '{"type":"Feature","properties":{"country":"US"},"geometry":{"type":"Point","coordinates":[1,2]}}' > one.geojson
//	perf stat -e page-faults -r 20 threatmap validate one.geojson
//
// 1208-1216 -> 911-1140 page faults (means of 20, over six runs; it varies
// with where the heap's first allocations land); `tmbench -runs 15 -only load -also`, 100k hosts + 100k
// links, three runs: 4.5, 7.5 and 10.1 ms a round less (medians of the
// round-by-round differences, whose middle halves reach past zero), for
// 0.2-0.6 MiB more peak RSS.
package prefault
