package ui

import (
	"slices"
	"sync"
	"testing"
)

// TestTracerOnce checks that each event is reported once, from any
// goroutine, and that a nil tracer is silent.
func TestTracerOnce(t *testing.T) {
	var mu sync.Mutex
	var got []string
	tr := &tracer{f: func(ev string) { mu.Lock(); got = append(got, ev); mu.Unlock() }}
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tr.once(TraceLoadStarted)
			tr.once(TraceLoadFinished)
		}()
	}
	wg.Wait()
	slices.Sort(got)
	if want := []string{TraceLoadFinished, TraceLoadStarted}; !slices.Equal(got, want) {
		t.Errorf("reported %q, want %q", got, want)
	}
	var none *tracer
	none.once(TraceLoadStarted)
}
