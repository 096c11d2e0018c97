package main

import (
	"bufio"
	"bytes"
	"compress/flate"
	"context"
	"errors"
	"flag"
	"fmt"
	"hash/adler32"
	"hash/crc32"
	"image"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/paulmach/orb"

	"threatmap/data/country"
	"threatmap/data/filter"
	"threatmap/data/ingest"
	"threatmap/data/threat"
	"threatmap/ui/render"
)

func init() { commands["export"] = runExport }

// maxExportSide bounds --width and --height: a 16384² frame already needs
// about 4.5 GB of buffers (frame, cached base map, accumulation grids).
const maxExportSide = 16384

const exportUsage = `Usage: threatmap export [flags] -o OUT.png [FILE ...]

Renders the map to a PNG without a window: the embedded GhostNet data when
no FILE is given. Exactly what the desktop window draws, at any size.

Flags:
`

// exportOptions are the parsed flags of 'threatmap export'.
type exportOptions struct {
	out           string
	width, height int
	projection    render.Projection
	bbox          *orb.Bound
	fit           bool
	query         filter.Query
	layers        render.Layers
	theme         render.Theme
	force         bool
	title         string
	files         []string
}

// runExport implements 'threatmap export'. Exit status: 0 written, 1 input
// or output failure (nothing written), 2 usage error.
func runExport(args []string, stdout, stderr io.Writer) int {
	opt, err := parseExport(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "threatmap export: %v\n", err)
		fmt.Fprintln(stderr, "Run 'threatmap export -h' for the flags.")
		return 2
	}
	if err := export(opt, stderr); err != nil {
		fmt.Fprintf(stderr, "threatmap: %v\n", err)
		return 1
	}
	return 0
}

// parseExport parses the flags; files may come before, between or after
// flags.
func parseExport(args []string, stderr io.Writer) (*exportOptions, error) {
	opt := &exportOptions{}
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, exportUsage)
		fs.PrintDefaults()
	}
	fs.StringVar(&opt.out, "o", "", "output PNG `file` (required)")
	fs.StringVar(&opt.out, "output", "", "same as -o")
	fs.IntVar(&opt.width, "width", 1920, "image width in `pixels` (1.."+strconv.Itoa(maxExportSide)+")")
	fs.IntVar(&opt.height, "height", 1080, "image height in `pixels` (1.."+strconv.Itoa(maxExportSide)+")")
	proj := fs.String("projection", "equal-earth", "`name`: equal-earth, equirectangular or mercator")
	bbox := fs.String("bbox", "", "area to show as `minLon,minLat,maxLon,maxLat` (default: the whole world)")
	fs.BoolVar(&opt.fit, "fit", false, "frame the filtered hosts (overrides --bbox)")
	countries := fs.String("country", "", "keep hosts in these countries (comma list of ISO alpha-2 codes or names)")
	types := fs.String("type", "", "keep hosts of these target types (comma list, e.g. mfa,embassy)")
	servers := fs.String("server", "", "keep hosts of these servers (comma list of server ids)")
	from := fs.String("from", "", "keep hosts active from this `time` (RFC 3339, YYYY-MM-DD, YYYY-MM, YYYY or Unix seconds)")
	to := fs.String("to", "", "keep hosts active up to this `time` (a date means its end)")
	layers := fs.String("layers", render.DefaultLayers.String(), "comma `list` of basemap,graticule,choropleth,links,hosts,servers,legend,caption")
	theme := fs.String("theme", "dark", "`theme`: dark or light")
	fs.BoolVar(&opt.force, "force", false, "overwrite OUT.png if it exists")
	fs.StringVar(&opt.title, "title", "", "caption title (default: the dataset's title)")

	rest := args
	for {
		if err := fs.Parse(rest); err != nil {
			return nil, err
		}
		rest = fs.Args()
		for len(rest) > 0 && !strings.HasPrefix(rest[0], "-") {
			opt.files = append(opt.files, rest[0])
			rest = rest[1:]
		}
		if len(rest) == 0 {
			break
		}
		if rest[0] == "--" {
			opt.files = append(opt.files, rest[1:]...)
			break
		}
	}

	var err error
	if opt.out == "" {
		return nil, errors.New("missing -o OUT.png")
	}
	if opt.width < 1 || opt.height < 1 || opt.width > maxExportSide || opt.height > maxExportSide {
		return nil, fmt.Errorf("size %dx%d out of range: width and height must be 1..%d", opt.width, opt.height, maxExportSide)
	}
	if opt.projection, err = render.ParseProjection(*proj); err != nil {
		return nil, err
	}
	if *bbox != "" {
		b, err := parseBBox(*bbox)
		if err != nil {
			return nil, err
		}
		opt.bbox = &b
	}
	if opt.layers, err = render.ParseLayers(*layers); err != nil {
		return nil, err
	}
	if opt.theme, err = render.ThemeByName(*theme); err != nil {
		return nil, err
	}
	opt.query.Countries, err = countryList(*countries)
	if err != nil {
		return nil, err
	}
	opt.query.Types = list(*types)
	opt.query.Servers = list(*servers)
	if *from != "" {
		if opt.query.From, err = parseTime(*from, false); err != nil {
			return nil, fmt.Errorf("--from: %v", err)
		}
	}
	if *to != "" {
		if opt.query.To, err = parseTime(*to, true); err != nil {
			return nil, fmt.Errorf("--to: %v", err)
		}
	}
	if opt.query.From != 0 && opt.query.To != 0 && opt.query.From > opt.query.To {
		return nil, fmt.Errorf("--from %s is after --to %s", *from, *to)
	}
	return opt, nil
}

func list(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// countryList resolves codes or names to alpha-2 codes.
func countryList(s string) ([]string, error) {
	var out []string
	for _, f := range list(s) {
		c, ok := country.Lookup(f)
		if !ok {
			return nil, fmt.Errorf("--country: unknown country %q", f)
		}
		out = append(out, c.Alpha2)
	}
	return out, nil
}

func parseBBox(s string) (orb.Bound, error) {
	f := strings.Split(s, ",")
	if len(f) != 4 {
		return orb.Bound{}, fmt.Errorf("--bbox %q: want minLon,minLat,maxLon,maxLat", s)
	}
	var v [4]float64
	for i, x := range f {
		var err error
		v[i], err = strconv.ParseFloat(strings.TrimSpace(x), 64)
		if err != nil || math.IsNaN(v[i]) || math.IsInf(v[i], 0) {
			return orb.Bound{}, fmt.Errorf("--bbox %q: %q is not a number", s, x)
		}
	}
	if v[0] < -180 || v[2] > 180 || v[1] < -90 || v[3] > 90 || v[0] >= v[2] || v[1] >= v[3] {
		return orb.Bound{}, fmt.Errorf("--bbox %q: want -180 <= minLon < maxLon <= 180 and -90 <= minLat < maxLat <= 90", s)
	}
	return orb.Bound{Min: orb.Point{v[0], v[1]}, Max: orb.Point{v[2], v[3]}}, nil
}

// parseTime reads RFC 3339, YYYY-MM-DD, YYYY-MM, YYYY or Unix seconds. With
// end set, a date without a time means the last second of that period.
func parseTime(s string, end bool) (int64, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.Unix(), nil
	}
	for _, l := range []struct {
		layout string
		next   func(time.Time) time.Time
	}{
		{"2006-01-02T15:04:05", func(t time.Time) time.Time { return t.Add(time.Second) }},
		{"2006-01-02", func(t time.Time) time.Time { return t.AddDate(0, 0, 1) }},
		{"2006-01", func(t time.Time) time.Time { return t.AddDate(0, 1, 0) }},
		{"2006", func(t time.Time) time.Time { return t.AddDate(1, 0, 0) }},
	} {
		if t, err := time.Parse(l.layout, s); err == nil {
			if end {
				return l.next(t).Unix() - 1, nil
			}
			return t.Unix(), nil
		}
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil && len(s) > 4 {
		return n, nil
	}
	return 0, fmt.Errorf("cannot read time %q (want RFC 3339, YYYY-MM-DD, YYYY-MM, YYYY or Unix seconds)", s)
}

// export loads, filters, draws and writes the image atomically.
func export(opt *exportOptions, stderr io.Writer) error {
	start := time.Now()
	if !opt.force {
		if _, err := os.Lstat(opt.out); err == nil {
			return fmt.Errorf("%s exists; use --force to overwrite", opt.out)
		}
	}
	dir := filepath.Dir(opt.out)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return fmt.Errorf("cannot write %s: directory %s does not exist", opt.out, dir)
	}

	var ds *threat.Dataset
	if len(opt.files) == 0 {
		d, rep := ingest.Default()
		if rep.Err != nil {
			return fmt.Errorf("embedded dataset: %v", rep.Err)
		}
		ds = d
	} else {
		d, reps := ingest.LoadFiles(context.Background(), opt.files, ingest.Options{})
		for _, r := range reps {
			if r.Err != nil {
				return r.Err
			}
		}
		ds = d
	}

	var vis *filter.Set
	if constrained(&opt.query) {
		vis = filter.NewSet(ds.Hosts.Len())
		opt.query.Apply(ds, vis)
	}
	v := render.World(opt.projection, opt.width, opt.height)
	switch {
	case opt.fit:
		if b, ok := hostBound(ds, vis); ok {
			pad := max(1, 0.08*max(b.Max[0]-b.Min[0], b.Max[1]-b.Min[1]))
			b.Min = orb.Point{max(-180, b.Min[0]-pad), max(-90, b.Min[1]-pad)}
			b.Max = orb.Point{min(180, b.Max[0]+pad), min(90, b.Max[1]+pad)}
			v = render.FitBounds(opt.projection, b, opt.width, opt.height)
		}
	case opt.bbox != nil:
		v = render.FitBounds(opt.projection, *opt.bbox, opt.width, opt.height)
	}
	scene := &render.Scene{Data: ds, Visible: vis, Layers: opt.layers, Theme: opt.theme}
	scene.Title, scene.Lines = caption(ds, opt)

	img := image.NewRGBA(image.Rect(0, 0, opt.width, opt.height))
	r := render.Renderer{Once: true}
	r.Draw(img, v, scene)
	st := r.LastStats()
	if err := writePNG(opt.out, img, opt.force); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "threatmap: wrote %s: %dx%d, %s hosts, %s links, %s servers in %.2fs\n",
		opt.out, opt.width, opt.height, render.Count(st.Hosts), render.Count(st.Links), render.Count(st.Servers), time.Since(start).Seconds())
	return nil
}

func constrained(q *filter.Query) bool {
	return len(q.Countries) > 0 || len(q.Types) > 0 || len(q.Servers) > 0 || q.From != 0 || q.To != 0
}

// hostBound returns the lon/lat box of the visible hosts.
func hostBound(ds *threat.Dataset, vis *filter.Set) (orb.Bound, bool) {
	b := orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}
	n := 0
	for i := range ds.Hosts.Len() {
		if vis.Has(i) {
			b = b.Extend(orb.Point{float64(ds.Hosts.Lon[i]), float64(ds.Hosts.Lat[i])})
			n++
		}
	}
	return b, n > 0
}

// caption returns the caption title and lines: time window, filters,
// source, caveat.
func caption(ds *threat.Dataset, opt *exportOptions) (string, []string) {
	title := opt.title
	if title == "" {
		title = ds.Meta.Title
	}
	if title == "" {
		title = "Infection map"
	}
	var lines []string
	q := &opt.query
	day := func(t int64) string { return time.Unix(t, 0).UTC().Format("2 Jan 2006") }
	switch {
	case q.From != 0 || q.To != 0:
		a, b := "…", "…"
		if q.From != 0 {
			a = day(q.From)
		}
		if q.To != 0 {
			b = day(q.To)
		}
		lines = append(lines, "Hosts active "+a+" – "+b)
	default:
		if first, last, ok := ds.TimeRange(); ok {
			lines = append(lines, "Observed "+day(first)+" – "+day(last))
		}
	}
	var fl []string
	if len(q.Countries) > 0 {
		names := make([]string, len(q.Countries))
		for i, c := range q.Countries {
			names[i] = country.Name(c)
		}
		fl = append(fl, "countries "+strings.Join(names, ", "))
	}
	if len(q.Types) > 0 {
		names := make([]string, len(q.Types))
		for i, t := range q.Types {
			names[i] = render.TypeLabel(t)
		}
		fl = append(fl, "types "+strings.Join(names, ", "))
	}
	if len(q.Servers) > 0 {
		fl = append(fl, "servers "+strings.Join(q.Servers, ", "))
	}
	if len(fl) > 0 {
		lines = append(lines, "Filter: "+strings.Join(fl, "; "))
	}
	switch {
	case len(ds.Meta.Sources) > 0:
		l := "Source: " + shortSource(ds.Meta.Sources[0])
		if n := len(ds.Meta.Sources) - 1; n > 0 {
			l += fmt.Sprintf(" (and %d more)", n)
		}
		lines = append(lines, l)
	case len(ds.Meta.Files) > 0:
		base := make([]string, len(ds.Meta.Files))
		for i, f := range ds.Meta.Files {
			base[i] = filepath.Base(f)
		}
		lines = append(lines, "Source: "+strings.Join(base, ", "))
	}
	switch {
	case ds.Meta.Reconstructed && ds.Meta.Caveat != "":
		lines = append(lines, "Reconstructed data: "+ds.Meta.Caveat)
	case ds.Meta.Reconstructed:
		lines = append(lines, "Reconstructed data: some values were filled in, not reported.")
	case ds.Meta.Caveat != "":
		lines = append(lines, ds.Meta.Caveat)
	}
	return title, lines
}

// shortSource trims a source citation for the caption: up to its first
// URL, at most about two caption lines.
func shortSource(s string) string {
	if i := strings.Index(s, "http"); i > 0 {
		s = strings.TrimRight(s[:i], " ,;(")
	}
	if r := []rune(s); len(r) > 120 {
		s = string(r[:119]) + "…"
	}
	return s
}

// writePNG encodes img to a temporary file beside path, syncs it and
// renames it over path, so that path is either untouched or complete.
// Without force an existing path is left alone (checked again at the end).
func writePNG(path string, img image.Image, force bool) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("cannot write %s: %v", path, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err = encodePNG(tmp, img); err != nil {
		return fmt.Errorf("cannot write %s: %v", path, err)
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("cannot write %s: %v", path, err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("cannot write %s: %v", path, err)
	}
	if err = os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("cannot write %s: %v", path, err)
	}
	if !force {
		// Link fails if path appeared meanwhile: never clobber without --force.
		if err = os.Link(tmp.Name(), path); err != nil {
			if os.IsExist(err) {
				return fmt.Errorf("%s exists; use --force to overwrite", path)
			}
			return fmt.Errorf("cannot write %s: %v", path, err)
		}
		os.Remove(tmp.Name())
		return nil
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("cannot write %s: %v", path, err)
	}
	return nil
}

// encodePNG writes img as a PNG. An opaque *image.RGBA (what render draws)
// is encoded as 8-bit RGB by bands of rows compressed in parallel, one
// per core: each band is filtered row by row (Sub or Up, whichever sums
// smaller, as image/png chooses among its filters) and deflated at
// BestSpeed by its own compressor; the sync-flushed streams concatenate
// into one valid zlib stream, like pigz. Anything else goes through
// image/png at BestSpeed.
func encodePNG(w io.Writer, img image.Image) error {
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
	be32(hdr[0:], uint32(W))
	be32(hdr[4:], uint32(H))
	hdr[8], hdr[9] = 8, 2 // 8 bits, RGB; compression, filter, interlace 0
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.WriteString("\x89PNG\r\n\x1a\n")
	pngChunk(bw, "IHDR", hdr[:])
	// One IDAT: zlib header (deflate, 32K window, fastest), the bands,
	// the Adler-32 of the filtered data.
	crc := crc32.NewIEEE()
	var b4 [4]byte
	be32(b4[:], uint32(size))
	bw.Write(b4[:])
	idat := io.MultiWriter(bw, crc)
	idat.Write([]byte("IDAT"))
	idat.Write([]byte{0x78, 0x01})
	for b := range out {
		idat.Write(out[b].Bytes())
	}
	be32(b4[:], sum)
	idat.Write(b4[:])
	be32(b4[:], crc.Sum32())
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

// be32 puts v big-endian into b[:4].
func be32(b []byte, v uint32) { b[0], b[1], b[2], b[3] = byte(v>>24), byte(v>>16), byte(v>>8), byte(v) }

// pngChunk writes one PNG chunk: length, type, data, CRC.
func pngChunk(w io.Writer, typ string, data []byte) {
	var b [4]byte
	be32(b[:], uint32(len(data)))
	w.Write(b[:])
	crc := crc32.NewIEEE()
	crc.Write([]byte(typ))
	crc.Write(data)
	io.WriteString(w, typ)
	w.Write(data)
	be32(b[:], crc.Sum32())
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
