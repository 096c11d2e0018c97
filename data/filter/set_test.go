package filter

import "testing"

// TestCountAnd: the intersection's size, without changing either set.
func TestCountAnd(t *testing.T) {
	a, b := NewSet(200), NewSet(200)
	for i := 0; i < 200; i += 2 {
		a.Add(i)
	}
	for i := 0; i < 200; i += 3 {
		b.Add(i)
	}
	if got := a.CountAnd(b); got != 34 { // multiples of 6 below 200
		t.Errorf("CountAnd = %d, want 34", got)
	}
	if got := a.CountAnd(nil); got != 100 {
		t.Errorf("CountAnd(nil) = %d, want 100", got)
	}
	if a.Count() != 100 || b.Count() != 67 {
		t.Errorf("sets changed: %d, %d", a.Count(), b.Count())
	}
}
