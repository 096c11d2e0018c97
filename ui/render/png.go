package render

import (
	"bufio"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"fmt"
	"hash/adler32"
	"hash/crc32"
	"image"
	"image/png"
	"io"
	"runtime"
	"sync"
)

// WritePNG encodes img (with EncodePNG) to path through an Output: path
// is either untouched or complete, and never one of inputs. Without
// overwrite an existing path is left alone and the error matches
// fs.ErrExist.
func WritePNG(path string, img image.Image, overwrite bool, inputs ...string) error {
	out, err := CreateOutput(path, inputs, overwrite)
	if err != nil {
		return err
	}
	defer out.Abort()
	if err := EncodePNG(out, img); err != nil {
		return fmt.Errorf("cannot write %s: %v", path, err)
	}
	return out.Commit()
}

// EncodePNG writes img as a PNG. An opaque *image.RGBA (what render draws)
// is encoded as 8-bit RGB by bands of rows compressed in parallel, one
// per core: each band is filtered row by row (Sub or Up, whichever sums
// smaller, as image/png chooses among its filters) and deflated at
// BestSpeed by its own compressor; the sync-flushed streams concatenate
// into one valid zlib stream, like pigz. Anything else goes through
// image/png at BestSpeed.
func EncodePNG(w io.Writer, img image.Image) error {
	m, ok := img.(*image.RGBA)
	if !ok || !opaqueRGBA(m) || m.Rect.Dx() == 0 || m.Rect.Dy() == 0 {
		enc := png.Encoder{CompressionLevel: png.BestSpeed}
		return enc.Encode(w, img)
	}
	W, H := m.Rect.Dx(), m.Rect.Dy()
	bands := min(H, max(1, runtime.GOMAXPROCS(0)))
	out := make([]bytes.Buffer, bands)
	sums := make([]uint32, bands)
	errs := make([]error, bands)
	var wg sync.WaitGroup
	for b := range bands {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sums[b], errs[b] = deflateBand(&out[b], m, H*b/bands, H*(b+1)/bands, b == bands-1)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	sum := sums[0]
	for b := 1; b < bands; b++ {
		rows := int64(H*(b+1)/bands - H*b/bands)
		sum = adler32Combine(sum, sums[b], rows*int64(1+3*W))
	}
	size := 2 + 4
	for b := range out {
		size += out[b].Len()
	}
	var hdr [13]byte
	binary.BigEndian.PutUint32(hdr[0:], uint32(W))
	binary.BigEndian.PutUint32(hdr[4:], uint32(H))
	hdr[8], hdr[9] = 8, 2 // 8 bits, RGB; compression, filter, interlace 0
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.WriteString("\x89PNG\r\n\x1a\n")
	pngChunk(bw, "IHDR", hdr[:])
	// One IDAT: zlib header (deflate, 32K window, fastest), the bands,
	// the Adler-32 of the filtered data.
	crc := crc32.NewIEEE()
	var b4 [4]byte
	binary.BigEndian.PutUint32(b4[:], uint32(size))
	bw.Write(b4[:])
	idat := io.MultiWriter(bw, crc)
	idat.Write([]byte("IDAT"))
	idat.Write([]byte{0x78, 0x01})
	for b := range out {
		idat.Write(out[b].Bytes())
	}
	binary.BigEndian.PutUint32(b4[:], sum)
	idat.Write(b4[:])
	binary.BigEndian.PutUint32(b4[:], crc.Sum32())
	bw.Write(b4[:])
	pngChunk(bw, "IEND", nil)
	return bw.Flush()
}

// opaqueRGBA reports whether every pixel of m has alpha 255.
func opaqueRGBA(m *image.RGBA) bool {
	w := 4 * m.Rect.Dx()
	for y := 0; y < m.Rect.Dy(); y++ {
		row := m.Pix[y*m.Stride : y*m.Stride+w]
		for i := 3; i < len(row); i += 4 {
			if row[i] != 255 {
				return false
			}
		}
	}
	return true
}

// deflateBand filters rows [y0, y1) of m as RGB and deflates them into out,
// sync-flushed (closed when last). It returns the Adler-32 of the
// filtered bytes.
func deflateBand(out *bytes.Buffer, m *image.RGBA, y0, y1 int, last bool) (uint32, error) {
	W := m.Rect.Dx()
	fw, err := flate.NewWriter(out, flate.BestSpeed)
	if err != nil {
		return 0, err
	}
	ad := adler32.New()
	cur, prev := make([]byte, 3*W), make([]byte, 3*W)
	sub, up := make([]byte, 1+3*W), make([]byte, 1+3*W)
	sub[0], up[0] = 1, 2
	rgb := func(dst []byte, y int) {
		row := m.Pix[y*m.Stride:]
		for x := 0; x < W; x++ {
			dst[3*x], dst[3*x+1], dst[3*x+2] = row[4*x], row[4*x+1], row[4*x+2]
		}
	}
	if y0 > 0 {
		rgb(prev, y0-1)
	}
	for y := y0; y < y1; y++ {
		rgb(cur, y)
		var ss, su int
		for i := range cur {
			var l byte
			if i >= 3 {
				l = cur[i-3]
			}
			a, b := cur[i]-l, cur[i]-prev[i]
			sub[1+i], up[1+i] = a, b
			ss += int(int8(a)) * (1 - 2*int(a>>7)) // |signed byte|
			su += int(int8(b)) * (1 - 2*int(b>>7))
		}
		line := sub
		if y > 0 && su < ss { // row 0 has no row above
			line = up
		}
		ad.Write(line)
		if _, err := fw.Write(line); err != nil {
			return 0, err
		}
		cur, prev = prev, cur
	}
	if last {
		err = fw.Close()
	} else {
		err = fw.Flush()
	}
	return ad.Sum32(), err
}

// pngChunk writes one PNG chunk: length, type, data, CRC.
func pngChunk(w io.Writer, typ string, data []byte) {
	var b [4]byte
	binary.BigEndian.PutUint32(b[:], uint32(len(data)))
	w.Write(b[:])
	crc := crc32.NewIEEE()
	crc.Write([]byte(typ))
	crc.Write(data)
	io.WriteString(w, typ)
	w.Write(data)
	binary.BigEndian.PutUint32(b[:], crc.Sum32())
	w.Write(b[:])
}

// adler32Combine returns the Adler-32 of the concatenation of two byte
// strings from their checksums and the length of the second (zlib's
// adler32_combine).
func adler32Combine(a1, a2 uint32, len2 int64) uint32 {
	const base = 65521
	rem := uint32(len2 % base)
	s1 := a1 & 0xffff
	s2 := uint32((uint64(rem) * uint64(s1)) % base)
	s1 += (a2 & 0xffff) + base - 1
	s2 += (a1 >> 16) + (a2 >> 16) + base - rem
	if s1 >= base {
		s1 -= base
	}
	if s1 >= base {
		s1 -= base
	}
	if s2 >= 2*base {
		s2 -= 2 * base
	}
	if s2 >= base {
		s2 -= base
	}
	return s1 | s2<<16
}
