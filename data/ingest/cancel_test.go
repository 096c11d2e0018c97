package ingest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"threatmap/data/ingest/ingesttest"
)

// TestCancelMidLoad cancels loads at several points: never a panic, an
// empty dataset, and every report says it was cancelled.
func TestCancelMidLoad(t *testing.T) {
	dir := t.TempDir()
	path, err := ingesttest.EnsureFile(dir, 30_000, 30_000)
	if err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(path)
	for _, at := range []int64{0, 1, st.Size() / 3, st.Size() * 9 / 10} {
		ctx, cancel := context.WithCancel(context.Background())
		if at == 0 {
			cancel()
		}
		ds, reps := LoadFiles(ctx, []string{path}, Options{Progress: func(read, total int64) {
			if read >= at {
				cancel()
			}
		}})
		cancel()
		if ds == nil || ds.Hosts.Len() != 0 || len(ds.Countries) != 1 {
			t.Errorf("cancel at %d: dataset %v", at, ds)
		}
		if len(reps) != 1 || !errors.Is(reps[0].Err, context.Canceled) {
			t.Errorf("cancel at %d: report error %v", at, reps[0].Err)
		}
	}
	// Read too.
	f, _ := os.Open(filepath.Clean(path))
	defer f.Close()
	ctx, cancel := context.WithCancel(context.Background())
	ds, rep := Read(ctx, f, st.Size(), Options{Progress: func(read, total int64) { cancel() }})
	if ds.Hosts.Len() != 0 || !errors.Is(rep.Err, context.Canceled) {
		t.Errorf("Read cancelled: %d hosts, err %v", ds.Hosts.Len(), rep.Err)
	}
}
