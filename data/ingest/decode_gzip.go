package ingest

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
)

// maxHold bounds the partial line a gzip stream holds back, so that a
// cut stream never passes on half a CSV row.
const maxHold = 64 << 10

// gunzip decompresses a gzip stream, member after member, and holds back
// what follows the last line end of each read, so that a stream cut short
// or corrupt never passes on half a line: a CSV row cut inside a number
// would load a wrong position.
type gunzip struct {
	br   *bufio.Reader // the compressed stream; gzip reads it byte by byte
	z    *gzip.Reader  // one member at a time, to tell what follows the last
	raw  *counter
	hold []byte // decoded, after the last line end, not passed on yet
	keep []byte // hold's storage
	mid  bool   // what was passed on ends inside a line
	cut  int    // bytes of a partial line dropped at an error
}

// newGunzip reads the first member's header from in.
func newGunzip(in io.Reader, raw *counter) (*gunzip, error) {
	g := &gunzip{br: bufio.NewReader(in), raw: raw}
	z, err := gzip.NewReader(g.br)
	if err != nil {
		return nil, err
	}
	z.Multistream(false)
	g.z = z
	return g, nil
}

// at is the file offset of the next compressed byte gzip will take.
func (g *gunzip) at() int64 { return g.raw.n - int64(g.br.Buffered()) }

func (g *gunzip) Read(p []byte) (int, error) {
	n, err := g.read(p)
	if n > 0 {
		g.mid = p[n-1] != '\n' && p[n-1] != '\r'
	}
	return n, err
}

func (g *gunzip) read(p []byte) (int, error) {
	n := copy(p, g.hold)
	g.hold = g.hold[n:]
	if len(g.hold) > 0 {
		return n, nil
	}
	m, whole, err := g.inflate(p[n:])
	n += m
	if whole && err != nil && err != io.EOF {
		return n, err // after a whole member: nothing is cut
	}
	k := lastLineEnd(p[:n]) + 1
	switch {
	case err == nil && k > 0 && n-k <= maxHold:
		g.keep = append(g.keep[:0], p[k:n]...)
		g.hold = g.keep
		return k, nil
	case err == nil || err == io.EOF:
		return n, err
	}
	// Cut short: drop the partial line, unless it began in what was
	// passed on already or is longer than a hold.
	if (k > 0 || !g.mid) && n-k <= maxHold {
		g.cut, n = n-k, k
	}
	return n, g.failure(err)
}

// inflate reads decompressed bytes into p, going on to the next member
// when one ends. whole says err came after a whole member.
func (g *gunzip) inflate(p []byte) (n int, whole bool, err error) {
	for {
		n, err = g.z.Read(p)
		if err != io.EOF {
			return n, false, err
		}
		if err = g.next(); err != nil || n > 0 || len(p) == 0 {
			return n, true, err
		}
	}
}

// next starts the member that follows one that ended, and returns io.EOF
// when none does.
func (g *gunzip) next() error {
	b, err := g.br.Peek(2)
	switch {
	case len(b) == 0 && err == io.EOF:
		return io.EOF
	case len(b) == 2 && b[0] == 0x1f && b[1] == 0x8b:
		if err := g.z.Reset(g.br); err != nil {
			return fmt.Errorf("gzip member header at byte %d of the file: %w", g.at(), err)
		}
		g.z.Multistream(false)
		return nil
	case len(b) == 0:
		return err
	}
	return fmt.Errorf("data after the gzip stream, at byte %d of the file, is not gzip", g.at())
}

// failure says why the gzip stream stopped inside a member.
func (g *gunzip) failure(err error) error {
	var corrupt flate.CorruptInputError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("gzip data truncated after %d bytes of the file: %w", g.at(), err)
	case errors.Is(err, gzip.ErrChecksum):
		// gzip checks a member only at its end: what came before has
		// been read, and may be wrong.
		return fmt.Errorf("gzip data corrupt (checksum mismatch at byte %d of the file), so the lines before it may be wrong: %w", g.at(), err)
	case errors.As(err, &corrupt):
		return fmt.Errorf("gzip data corrupt before byte %d of the file, so the lines before it may be wrong: %w", g.at(), err)
	}
	return err
}

// lastLineEnd is the index of the last LF or CR in b, or -1.
func lastLineEnd(b []byte) int {
	return max(bytes.LastIndexByte(b, '\n'), bytes.LastIndexByte(b, '\r'))
}
