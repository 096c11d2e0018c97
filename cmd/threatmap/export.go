package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"threatmap/data/country"
	"threatmap/data/filter"
	"threatmap/data/geoip"
	"threatmap/data/ingest"
	"threatmap/data/threat"
	"threatmap/ui"
	"threatmap/ui/render"
	"threatmap/ui/viewspec"
)

func init() { commands["export"] = runExport }

const exportUsage = `Usage: threatmap export [flags] -o OUT.png|OUT.geojson [FILE ...]
       threatmap export --frames N [--fps F] [--cumulative | --window 30d] -o OUT.gif|.mp4|.webm [FILE ...]

Renders the map to a PNG without a window: the embedded GhostNet data when
no FILE is given. Exactly what the desktop window draws, at any size.
The file is written whole or not at all, and never over an existing one
without --force; even with it, only a regular file is replaced (through a
symbolic link, the file it names), and never an input FILE. Exit status: 0 written (a FILE that cannot be read is
left out and named on stderr), 1 nothing loaded or written, 2 usage error.

An animation plays the timeline over --from/--to (else the data's whole
range): frame k is the map at that playback instant, date and caption included.

--save-view V.json also writes the view of the export (files, filters, time
window, playback, frames, selection, framing, layers, theme, size, title) to a JSON file;
--view V.json draws it again, the same pixels. Flags given beside --view
override it, and FILEs replace its files: the same view on next month's data.

` + exportDataUsage + `
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
	geoip         string
	files         []string
	anim          animOptions
	view          viewOptions // view.go
}

// runExport implements 'threatmap export'. Exit status: 0 written (files
// that could not be read are left out and named on stderr), 1 nothing
// could be loaded or written (nothing written), 2 usage error.
func runExport(args []string, stdout, stderr io.Writer) int {
	removeTempsOnSignal()
	opt, err := parseExport(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err == nil {
		err = outputKind(opt.out)
	}
	if err != nil {
		fmt.Fprintf(stderr, "threatmap export: %v\n", err)
		fmt.Fprintln(stderr, "Run 'threatmap export -h' for the flags.")
		return 2
	}
	if err := export(opt, stderr); err != nil {
		fmt.Fprintf(stderr, "threatmap export: %v\n", err)
		return 1
	}
	return 0
}

// parseExport parses the flags; files may come before, between or after
// flags.
func parseExport(args []string, stderr io.Writer) (*exportOptions, error) {
	opt := &exportOptions{}
	fs, raw := exportFlags(opt, stderr)
	if err := parseFiles(fs, args, opt); err != nil {
		return nil, err
	}
	warnDataFlags(fs, opt.out, stderr)
	opt.anim.given = func(name string) bool {
		set := false
		fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
		return set
	}
	if err := raw.apply(opt); err != nil {
		return nil, err
	}
	if err := applyViewFlags(fs, opt, stderr); err != nil {
		return nil, err
	}
	return opt, nil
}

// rawExport holds the flags that apply reads into an exportOptions.
type rawExport struct {
	proj, bbox, countries, types, servers, from, to, layers, theme *string
}

// exportFlags defines export's flags: those with a plain value straight
// into opt, the others into the rawExport returned.
func exportFlags(opt *exportOptions, stderr io.Writer) (*flag.FlagSet, *rawExport) {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, exportUsage)
		fs.PrintDefaults()
	}
	fs.StringVar(&opt.out, "o", "", "output `file` (required): .png, or .gif, .mp4, .webm for an animation, or .geojson for the data")
	fs.StringVar(&opt.out, "output", "", "same as -o")
	fs.IntVar(&opt.width, "width", 1920, "image width in `pixels` (1.."+strconv.Itoa(ui.MaxExportSide)+")")
	fs.IntVar(&opt.height, "height", 1080, "image height in `pixels` (1.."+strconv.Itoa(ui.MaxExportSide)+")")
	fs.BoolVar(&opt.fit, "fit", false, "frame the filtered hosts (overrides --bbox)")
	fs.BoolVar(&opt.force, "force", false, "overwrite OUT.png if it exists (a regular file, not an input)")
	fs.StringVar(&opt.title, "title", "", "caption title (default: the dataset's title)")
	addAnimFlags(fs, &opt.anim)
	addViewFlags(fs, &opt.view)
	fs.StringVar(&opt.geoip, "geoip", "", geoipFlagHelp)
	return fs, &rawExport{
		proj:      fs.String("projection", "equal-earth", "`name`: equal-earth, equirectangular or mercator"),
		bbox:      fs.String("bbox", "", "area to show as `minLon,minLat,maxLon,maxLat` (default: the whole world)"),
		countries: fs.String("country", "", "keep hosts in these countries (comma list of ISO alpha-2 codes or names)"),
		types:     fs.String("type", "", "keep hosts of these target types (comma list, e.g. mfa,embassy)"),
		servers:   fs.String("server", "", "keep hosts of these servers (comma list of server ids)"),
		from:      fs.String("from", "", "keep hosts active from this `time` (RFC 3339, YYYY-MM-DD, YYYY-MM, a 4-digit year YYYY, or Unix seconds: any other integer)"),
		to:        fs.String("to", "", "keep hosts active up to this `time` (a date means its end)"),
		layers:    fs.String("layers", render.DefaultLayers.String(), "comma `list` of "+render.AllLayers().String()),
		theme:     fs.String("theme", "dark", "`theme`: dark or light"),
	}
}

// parseFiles parses args with fs, flags and file names mixed; after "--"
// everything is a file ('-- -name.geojson').
func parseFiles(fs *flag.FlagSet, args []string, opt *exportOptions) error {
	rest := args
	for len(rest) > 0 {
		if err := fs.Parse(rest); err != nil {
			return err
		}
		if endedAtTerminator(fs, rest) {
			opt.files = append(opt.files, fs.Args()...)
			return nil
		}
		rest = fs.Args()
		for len(rest) > 0 && (!strings.HasPrefix(rest[0], "-") || rest[0] == "-") {
			opt.files = append(opt.files, rest[0])
			rest = rest[1:]
		}
	}
	return nil
}

// apply checks the flags and reads them into opt.
func (r *rawExport) apply(opt *exportOptions) error {
	var err error
	if opt.out == "" {
		return errors.New("missing -o OUT.png")
	}
	if err := opt.anim.check(opt.out); err != nil {
		return err
	}
	if opt.width < 1 || opt.height < 1 || opt.width > ui.MaxExportSide || opt.height > ui.MaxExportSide {
		return fmt.Errorf("size %dx%d out of range: width and height must be 1..%d", opt.width, opt.height, ui.MaxExportSide)
	}
	if opt.projection, err = render.ParseProjection(*r.proj); err != nil {
		return err
	}
	if *r.bbox != "" {
		b, err := parseBBox(*r.bbox)
		if err != nil {
			return err
		}
		opt.bbox = &b
	}
	if opt.layers, err = render.ParseLayers(*r.layers); err != nil {
		return err
	}
	if opt.theme, err = render.ThemeByName(*r.theme); err != nil {
		return err
	}
	if opt.query.Countries, err = countryList(*r.countries); err != nil {
		return err
	}
	opt.query.Types = list(*r.types)
	opt.query.Servers = list(*r.servers)
	return r.timeBounds(opt)
}

// outputKind checks that out's extension chooses a format (any case):
// .png, .gif, .mp4, .webm or .geojson. Any other name was written as a PNG
// before, so that '-o map.json' or '-o map.jpg' made a PNG under a name
// that says otherwise.
func outputKind(out string) error {
	ext := filepath.Ext(out)
	switch {
	case strings.EqualFold(ext, ".png"), render.IsAnimation(out), dataOutput(out):
		return nil
	case irregularFile(out):
		return nil // export refuses it, saying what it is
	case strings.EqualFold(ext, ".json"):
		return fmt.Errorf("-o %s: name the data .geojson (or the image .png); a view is saved with --save-view", out)
	}
	return fmt.Errorf("-o %s: the extension chooses what is written: .png for an image, .gif, .mp4 or .webm for an animation, .geojson for the data", out)
}

// irregularFile reports whether path names an existing directory, device,
// named pipe or socket.
func irregularFile(path string) bool {
	st, err := os.Stat(path)
	return err == nil && !st.Mode().IsRegular()
}

// timeBounds reads --from and --to as Bounds, not bare times: --to
// 1970-01-01T00:00:00Z (Unix 0) filters.
func (r *rawExport) timeBounds(opt *exportOptions) error {
	if *r.from != "" {
		t, err := parseTime(*r.from, false)
		if err != nil {
			return fmt.Errorf("--from: %v", err)
		}
		opt.query.From = filter.At(t)
	}
	if *r.to != "" {
		t, err := parseTime(*r.to, true)
		if err != nil {
			return fmt.Errorf("--to: %v", err)
		}
		opt.query.To = filter.At(t)
	}
	if q := opt.query; q.From.Set && q.To.Set && q.From.Unix > q.To.Unix {
		return fmt.Errorf("--from %s is after --to %s", *r.from, *r.to)
	}
	return nil
}

// endedAtTerminator reports whether fs.Parse(args) stopped after a "--"
// terminator, which it consumes, rather than at a file name. It walks the
// arguments fs.Parse consumed as it did, so that a "--" taken as a flag's
// value ('--title --') is not one.
func endedAtTerminator(fs *flag.FlagSet, args []string) bool {
	n := len(args) - len(fs.Args())
	for i := 0; i < n; i++ {
		a := args[i]
		if a == "--" {
			return i == n-1
		}
		name := strings.TrimLeft(a, "-")
		if strings.Contains(name, "=") {
			continue
		}
		if f := fs.Lookup(name); f != nil {
			if b, ok := f.Value.(interface{ IsBoolFlag() bool }); !ok || !b.IsBoolFlag() {
				i++ // the flag's value
			}
		}
	}
	return false
}

// list splits a comma list; "none" is a list that keeps nothing.
func list(s string) []string {
	if strings.TrimSpace(s) == "none" {
		return []string{viewspec.NoneKey}
	}
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
	if strings.TrimSpace(s) == "none" {
		return list(s), nil
	}
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

// parseTime reads a time as --from and --to take it (viewspec.ParseTime).
var parseTime = viewspec.ParseTime

// export loads, filters, draws and writes the image (or animation)
// atomically. The output is checked and its temporary file made first (see
// render.CreateOutput), and a video's ffmpeg found, so that a refusal or an
// unwritable directory costs no load.
func export(opt *exportOptions, stderr io.Writer) error {
	start := time.Now()
	gdb, err := openGeoIP(opt.geoip)
	if err != nil {
		return opt.view.named(err, opt.view.viewGeoIP, "to use another IP database, give --geoip FILE.mmdb")
	}
	anim := render.IsAnimation(opt.out)
	if anim {
		if _, err := render.AnimFormat(opt.out); err != nil {
			return err
		}
	}
	out, err := render.CreateOutput(opt.out, opt.inputs(), opt.force)
	if err != nil {
		return forceHint(err)
	}
	defer out.Abort()
	vout, err := viewOutput(opt)
	if err != nil {
		return forceHint(err)
	}
	if vout != nil {
		defer vout.Abort()
	}
	ds, err := load(opt.files, gdb, stderr)
	if err != nil {
		return opt.view.named(err, opt.view.viewFiles, "to draw it on other data, give the FILEs after the flags")
	}

	draw := writeStill
	switch {
	case anim:
		draw = writeAnim
	case dataOutput(opt.out):
		draw = writeData
	}
	what, err := draw(out, ds, opt, stderr)
	if err != nil {
		return err
	}
	// The view is written before the image is committed: a full disk
	// then costs both, not the view alone after the image was written.
	if vout != nil {
		if err := writeView(vout, opt); err != nil {
			return err
		}
	}
	if err := out.Commit(); err != nil {
		return forceHint(err)
	}
	if vout != nil {
		if err := vout.Commit(); err != nil {
			return forceHint(err)
		}
		fmt.Fprintf(stderr, "threatmap: wrote view %s\n", opt.view.save)
	}
	if st, err := os.Stat(opt.out); err == nil && anim {
		what += fmt.Sprintf(", %.1f MB", float64(st.Size())/1e6)
	}
	fmt.Fprintf(stderr, "threatmap: wrote %s: %s in %.2fs\n", opt.out, what, time.Since(start).Seconds())
	return nil
}

// writeStill draws opt's view into out as a PNG and returns what it
// drew, for the summary line.
func writeStill(out *render.Output, ds *threat.Dataset, opt *exportOptions, stderr io.Writer) (string, error) {
	img, fr, st, err := viewspec.Draw(ds, opt.view.spec)
	if err != nil {
		return "", err
	}
	warn(stderr, fr.Warnings)
	if err := render.EncodePNG(out, img); err != nil {
		return "", fmt.Errorf("cannot write %s: %v", opt.out, err)
	}
	return fmt.Sprintf("%dx%d, %s, %s, %s", img.Rect.Dx(), img.Rect.Dy(),
		render.CountOf(st.Hosts, "host"), render.CountOf(st.Links, "link"), render.CountOf(st.Servers, "server")), nil
}

// warn writes what drawing a view could not apply.
func warn(stderr io.Writer, warnings []string) {
	for _, w := range warnings {
		fmt.Fprintf(stderr, "threatmap: warning: %s\n", w)
	}
}

// load reads the files, or the embedded dataset when there are none. As
// validate and the window do, a file that cannot be read is left out and
// named on stderr; nothing at all is an error. gdb places IP-only feeds
// (nil: the embedded database).
func load(files []string, gdb *geoip.DB, stderr io.Writer) (*threat.Dataset, error) {
	if len(files) == 0 {
		d, rep := ingest.Default()
		if rep.Err != nil {
			return nil, fmt.Errorf("embedded dataset: %v", rep.Err)
		}
		return d, nil
	}
	d, reps := ingest.LoadFiles(context.Background(), files, ingest.Options{GeoIP: gdb})
	none := len(d.Meta.Files) == 0
	if none && len(reps) == 1 {
		return nil, reps[0].Err
	}
	for _, r := range reps {
		switch {
		case r.Err != nil && none:
			fmt.Fprintf(stderr, "threatmap: %v\n", r.Err)
		case r.Err != nil:
			fmt.Fprintf(stderr, "threatmap: %v (left out)\n", r.Err)
		case r.SkippedCount > 0:
			fmt.Fprintf(stderr, "threatmap: %s: %s skipped ('threatmap validate %s' lists them)\n",
				r.File, render.CountOf(r.SkippedCount, "feature"), r.File)
		}
	}
	if none {
		return nil, fmt.Errorf("none of the %d files could be read", len(reps))
	}
	return d, nil
}

// forceHint says how to overwrite when err is that the output exists.
func forceHint(err error) error {
	var ex *render.ExistsError
	if !errors.As(err, &ex) {
		return err
	}
	if ex.Target != "" {
		return fmt.Errorf("%v; use --force to write through it", err)
	}
	return fmt.Errorf("%v; use --force to overwrite", err)
}
