package ingest

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/bits"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/transform"
)

// decideLen is the sample, from the first byte that is not ASCII, that
// decides between UTF-8 and Windows-1252: a few hundred names.
const decideLen = 4 << 10

// Text encodings, as textReader has found them so far.
const (
	textASCII  = iota // nothing but ASCII yet: the same in UTF-8 and Windows-1252
	textUTF8          // UTF-8; invalid bytes are counted
	textCP1252        // Windows-1252, transcoded from the first non-ASCII byte
)

// textReader finds the encoding of a text stream where it first shows,
// at the first byte that is not ASCII: from there, a sample of decideLen
// bytes that is not UTF-8 but reads as Windows-1252 switches to
// transcoding. Until then and in UTF-8 the bytes pass through, and
// invalid UTF-8 is counted (the readers turn it into U+FFFD). Read as
// Windows-1252, the stream is still checked: sequences that are valid
// UTF-8 are counted (the file may mix encodings).
type textReader struct {
	r    io.Reader // what Read reads: the stream, or its transcoding
	src  io.Reader // Windows-1252: the stream under the transcoder
	mode int
	off  int64 // stream offset of the next byte read from the stream
	note string

	bad        int   // UTF-8: invalid bytes
	firstBad   int64 // offset of the first
	mixed      int   // Windows-1252: sequences of 2 bytes or more that are valid UTF-8
	firstMixed int64 // offset of the first

	tail    [3]byte
	nt      int   // bytes of tail: a sequence r's last read left unfinished
	tailOff int64 // offset of tail[0]
}

func (t *textReader) Read(p []byte) (int, error) {
	if t.mode == textCP1252 {
		return t.r.Read(p)
	}
	n, err := t.r.Read(p)
	if t.mode == textASCII {
		i := asciiPrefix(p[:n])
		if i < n {
			t.off += int64(i)
			t.decide(p[i:n], err)
			if i == 0 {
				return t.Read(p)
			}
			return i, nil
		}
	} else {
		t.check(p[:n])
	}
	t.off += int64(n)
	if err != nil {
		t.flush()
	}
	return n, err
}

// decide chooses the encoding from rest, the bytes from the first one
// that is not ASCII to the end of a read that ended with err, and what
// follows it, up to decideLen. The stream then goes on from rest[0].
func (t *textReader) decide(rest []byte, err error) {
	src := t.r
	if err != nil {
		src = &replay{err: err}
	}
	b, r := peek(rest, src, decideLen)
	sample := b[:min(len(b), decideLen)]
	atEOF := len(b) < decideLen && errors.Is(r.err, io.EOF)
	if first, ok := windows1252(sample, atEOF); ok {
		t.mode = textCP1252
		t.note = fmt.Sprintf("read as Windows-1252: not valid UTF-8 (byte %d is 0x%02X)", t.off+int64(first), sample[first])
		t.src = r
		t.r = transform.NewReader(under{t}, charmap.Windows1252.NewDecoder())
		return
	}
	t.mode = textUTF8
	t.r = r
}

// windows1252 reports whether b, from a first byte that is not ASCII,
// is Windows-1252 rather than UTF-8: it has bytes that are not UTF-8, more
// of them than valid multi-byte sequences, and none that text in
// Windows-1252 would not have: NUL, the five bytes it leaves undefined,
// and 0xFF (ÿ, rare in names, common in binary and as half of a UTF-16
// byte order mark). first is the first byte not UTF-8. A sequence b ends
// inside counts only atEOF.
func windows1252(b []byte, atEOF bool) (first int, ok bool) {
	first = -1
	multi, bad := 0, 0
	for i := 0; i < len(b); {
		c := b[i]
		switch c {
		case 0, 0x81, 0x8D, 0x8F, 0x90, 0x9D, 0xFF:
			return first, false
		}
		if c < utf8.RuneSelf {
			i++
			continue
		}
		if !atEOF && !utf8.FullRune(b[i:]) {
			break
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			bad++
			if first < 0 {
				first = i
			}
		} else {
			multi++
		}
		i += size
	}
	return first, bad > multi
}

// under is the stream under the Windows-1252 transcoder, checked as it
// is read.
type under struct{ t *textReader }

func (u under) Read(p []byte) (int, error) {
	t := u.t
	n, err := t.src.Read(p)
	t.check(p[:n])
	t.off += int64(n)
	return n, err
}

// check counts in b, the next bytes of the stream, the invalid UTF-8
// (mode UTF-8) or the valid multi-byte sequences (Windows-1252).
func (t *textReader) check(b []byte) {
	off := t.off
	if t.nt > 0 {
		var k int
		b, k = t.join(b)
		off += int64(k)
	}
	for len(b) > 0 {
		var k int
		if t.mode == textUTF8 {
			k = validPrefix(b)
		} else {
			k = asciiPrefix(b)
		}
		if b, off = b[k:], off+int64(k); len(b) == 0 {
			return
		}
		if !utf8.FullRune(b) {
			t.nt = copy(t.tail[:], b)
			t.tailOff = off
			return
		}
		r, size := utf8.DecodeRune(b)
		t.seq(off, r, size)
		b, off = b[size:], off+int64(size)
	}
}

// seq counts the sequence at off that utf8.DecodeRune read as r, size.
func (t *textReader) seq(off int64, r rune, size int) {
	bad := r == utf8.RuneError && size == 1
	switch {
	case t.mode == textUTF8 && bad:
		if t.bad == 0 {
			t.firstBad = off
		}
		t.bad++
	case t.mode == textCP1252 && !bad:
		if t.mixed == 0 {
			t.firstMixed = off
		}
		t.mixed++
	}
}

// validPrefix is the length of b's longest prefix of whole UTF-8
// sequences. Not utf8.Valid: after its first non-ASCII byte that goes
// byte by byte to the end, 1 GB/s on a name with accents on every line;
// this returns to asciiPrefix after each sequence and takes 2-byte ones
// (Latin accents) inline.
func validPrefix(b []byte) int {
	i, n := 0, len(b)
	for {
		if i += asciiPrefix(b[i:]); i == n {
			return n
		}
		if c := b[i]; c >= 0xC2 && c < 0xE0 && i+1 < n && b[i+1]&0xC0 == 0x80 {
			i += 2
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
}

// join finishes the sequence the previous read left unfinished with the
// first bytes of b, and returns the rest of b and how many bytes of b it
// took.
func (t *textReader) join(b []byte) ([]byte, int) {
	var buf [3 + utf8.UTFMax]byte
	k := copy(buf[:], t.tail[:t.nt])
	s := buf[:k+copy(buf[k:], b)]
	j := 0
	for j < k {
		if !utf8.FullRune(s[j:]) { // b was short: still unfinished
			t.nt = copy(t.tail[:], s[j:])
			t.tailOff += int64(j)
			return nil, len(b)
		}
		r, size := utf8.DecodeRune(s[j:])
		t.seq(t.tailOff+int64(j), r, size)
		j += size
	}
	t.nt = 0
	return b[j-k:], j - k
}

// flush counts an unfinished sequence at the end of the stream.
func (t *textReader) flush() {
	for i := 0; i < t.nt; {
		r, size := utf8.DecodeRune(t.tail[i:t.nt])
		t.seq(t.tailOff+int64(i), r, size)
		i += size
	}
	t.nt = 0
}

// asciiPrefix is the length of b's leading ASCII bytes: 32 at a time,
// then 8, then one (7 GB/s here, against 2.5 for a loop of single bytes).
func asciiPrefix(b []byte) int {
	const hi = 0x8080808080808080
	le := binary.LittleEndian
	i := 0
	for ; i+32 <= len(b); i += 32 {
		if (le.Uint64(b[i:])|le.Uint64(b[i+8:])|le.Uint64(b[i+16:])|le.Uint64(b[i+24:]))&hi != 0 {
			break
		}
	}
	for ; i+8 <= len(b); i += 8 {
		if m := le.Uint64(b[i:]) & hi; m != 0 {
			return i + bits.TrailingZeros64(m)/8
		}
	}
	for ; i < len(b); i++ {
		if b[i] >= utf8.RuneSelf {
			return i
		}
	}
	return i
}
