package filter

import (
	"runtime"
	"sync"
)

// parallelMin is the host count from which a call is split across cores.
// Below it, waking workers costs more than the scan (64k hosts scan in
// roughly 100-200 µs on one core).
const parallelMin = 1 << 16

// pool is a set of long-lived workers shared by every Plan: sending a job on
// a channel does not allocate, where starting goroutines with closures per
// call would. Started on first use with GOMAXPROCS-1 workers; the calling
// goroutine always runs part 0 itself.
var pool struct {
	once    sync.Once
	workers int
	jobs    chan job
}

type job struct {
	p *Plan
	k int
}

func startPool() {
	pool.workers = runtime.GOMAXPROCS(0) - 1
	pool.jobs = make(chan job, 64)
	for range pool.workers {
		go func() {
			for j := range pool.jobs {
				j.p.runPart(j.k)
				j.p.wg.Done()
			}
		}()
	}
}

// exec runs the current op over all hosts, split into word-aligned parts.
func (p *Plan) exec() {
	n := p.hosts()
	np := 1
	if n >= parallelMin {
		pool.once.Do(startPool)
		np = min(pool.workers+1, 64)
	}
	if cap(p.parts) < np {
		p.parts = make([]part, np)
	}
	p.parts = p.parts[:np]
	words := (n + 63) / 64
	for k := range p.parts {
		p.parts[k].lo = min(k*words/np*64, n)
		p.parts[k].hi = min((k+1)*words/np*64, n)
	}
	p.wg.Add(np - 1)
	for k := 1; k < np; k++ {
		pool.jobs <- job{p, k}
	}
	p.runPart(0)
	p.wg.Wait()
}

func (p *Plan) runPart(k int) {
	pt := &p.parts[k]
	switch p.op {
	case opApply:
		p.applyPart(pt)
	case opFacets:
		p.facetPart(pt)
	}
}
