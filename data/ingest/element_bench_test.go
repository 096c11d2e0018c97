package ingest

import "testing"

// A host and a link as the benchmark file has them (ingesttest).
const microHost = `{"type":"Feature","geometry":{"type":"Point","coordinates":[84.76891,15.42232]},"properties":{"id":"h-3","role":"host","name":"Organisation 3","ip":"87.79.22.80","country":"IN","target_type":"embassy","first_seen":"2007-12-01T19:36:59Z","last_seen":"2008-08-31","server":"c2-7","confidence":"medium"}}`
const microLink = `{"type":"Feature","geometry":{"type":"LineString","coordinates":[[104.0800,30.6500],[14.47837,35.86693]]},"properties":{"role":"link","server":"c2-9","host":"h-99998","first_seen":"2007-12-16"}}`

// BenchmarkLexFeat is the lexer alone on one host and one link:
//
//	CGO_ENABLED=0 go test ./data/ingest -run '^$' -bench 'LexFeat|Element' -count 5
func BenchmarkLexFeat(b *testing.B) {
	for _, c := range []struct{ n, s string }{{"host", microHost}, {"link", microLink}} {
		b.Run(c.n, func(b *testing.B) {
			var f feat
			for b.Loop() {
				if !lexFeat(c.s, &f) {
					b.Fatal("declined")
				}
			}
		})
	}
}

// BenchmarkElement is one feature read whole (lexFeat, then its members
// applied to a record), without the reader and the columns.
func BenchmarkElement(b *testing.B) {
	for _, c := range []struct{ n, s string }{{"host", microHost}, {"link", microLink}} {
		b.Run(c.n, func(b *testing.B) {
			var p parser
			var o jobOut
			o.recs = make([]rec, 0, 4096)
			o.text = make([]byte, 0, 1<<20)
			p.out = &o
			bs := []byte(c.s)
			i := 0
			for b.Loop() {
				if i == 4096 {
					o.reset()
					i = 0
				}
				p.element(bs, int32(i), lexNotTried)
				i++
			}
		})
	}
}
