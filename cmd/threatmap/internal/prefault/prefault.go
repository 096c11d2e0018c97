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
// with where the heap's first allocations land); 0.2-0.6 MiB more peak RSS.
// In time it is small: 170 fewer faults at about 10 µs each is under 2 ms.
// Measured again at c0099f0 against a build without the import, `perf
// stat -r 30` on that file: 37.3 against 38.3 ms (±0.4), 1045 against 1213
// faults; `tmbench -only load -runs 40 -peers=false -threatmap WITH -also
// WITHOUT` on the 100k file: +2.8 ms a round without it (middle half -5.2
// to +10.1). (Three earlier runs gave 4.5-10.1 ms a round, more than
// 384 pages could save: noise.) It relies on how the Go runtime lays out
// its heap (4 MiB chunks, mapped whole, filled upwards), which Go does not
// promise; where that changes, it populates memory that is not used soon
// and costs a little RSS, nothing else.
package prefault
