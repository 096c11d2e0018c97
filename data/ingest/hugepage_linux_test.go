//go:build linux

package ingest

import (
	"syscall"
	"testing"

	"threatmap/data/pages"
)

// BenchmarkFirstTouch measures what fresh memory costs on this machine:
// 20 MB of new anonymous pages written one 4 KiB page at a time (a fault
// each), against the same populated first in one call
// (pages.PopulateBytes), and advised as huge pages (huge: hugePages, as
// the columns' arena). The README's "fault vs populate vs huge" figures
// come from it:
//
//	CGO_ENABLED=0 go test ./data/ingest -run '^$' -bench FirstTouch
func BenchmarkFirstTouch(b *testing.B) {
	const n = 20 << 20
	for _, mode := range []string{"fault", "populate", "huge"} {
		b.Run(mode, func(b *testing.B) {
			b.SetBytes(n)
			for range b.N {
				m, err := syscall.Mmap(-1, 0, n, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
				if err != nil {
					b.Fatal(err)
				}
				switch mode {
				case "populate":
					pages.PopulateBytes(m)
				case "huge":
					hugePages(m)
				}
				for i := 0; i < n; i += 4096 {
					m[i] = 1
				}
				b.StopTimer()
				syscall.Munmap(m)
				b.StartTimer()
			}
		})
	}
}
