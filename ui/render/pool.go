package render

import (
	"runtime"
	"sync/atomic"
)

// pool runs a function over n parts, part 0 on the caller's goroutine and
// the others on persistent helper goroutines, so that a frame starts no
// goroutine and allocates nothing. The helpers stop when the Renderer that
// owns the pool is garbage collected (see newPool).
type pool struct {
	n     int
	jobs  chan job
	done  chan struct{}
	chunk atomic.Int64 // the next chunk of the running job (see next)
}

type job struct {
	f    func(part int)
	part int
}

// maxParts caps the parallelism: frames are memory-bound beyond a few cores.
const maxParts = 8

func newPool() *pool {
	p := &pool{n: max(1, min(maxParts, runtime.GOMAXPROCS(0)))}
	p.jobs = make(chan job, p.n)
	p.done = make(chan struct{}, p.n)
	for range p.n - 1 {
		go p.work()
	}
	return p
}

func (p *pool) work() {
	for j := range p.jobs {
		j.f(j.part)
		p.done <- struct{}{}
	}
}

// run calls f(0) ... f(n-1) concurrently and returns when all are done.
// f must be a func value stored beforehand (a method value made per call
// would allocate).
func (p *pool) run(f func(part int)) {
	p.chunk.Store(0)
	for k := 1; k < p.n; k++ {
		p.jobs <- job{f, k}
	}
	f(0)
	for k := 1; k < p.n; k++ {
		<-p.done
	}
}

func (p *pool) stop() { close(p.jobs) }

// next returns the next chunk number of the running job, 0, 1, 2, ...
// across all parts: parts that loop "for c := next(); c < n; c = next()"
// share the work dynamically, so that a part whose thread starts late
// (a busy machine) does less instead of holding the others up.
func (p *pool) next() int { return int(p.chunk.Add(1) - 1) }
