package main

import (
	"cmp"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"threatmap/data/filter"
	"threatmap/ui/render"
	"threatmap/ui/viewspec"
)

// viewOptions are export's flags for views and for what only a view held
// before (the window's confidence, placement, time matching, centre and
// zoom, selection).
type viewOptions struct {
	confidence, placement, center, selServer, selHost, selHosts string
	zoom                                                        float64
	firstSeen                                                   bool
	in, save                                                    string // --view, --save-view

	set  map[string]bool // the flags the user gave (flag.FlagSet.Visit)
	spec *viewspec.View  // what is drawn: the view file, overridden by set flags

	// The data files and the IP database were named by the --view file,
	// not on the command line: an error opening them says so (named).
	viewFiles, viewGeoIP bool
}

// addViewFlags defines the view flags on fs.
func addViewFlags(fs *flag.FlagSet, v *viewOptions) {
	fs.StringVar(&v.in, "view", "", "draw the view saved in this `file` (flags given beside it override it; FILEs replace its files)")
	fs.StringVar(&v.save, "save-view", "", "also write the view of this export to this JSON `file` (same --force rules)")
	fs.StringVar(&v.confidence, "confidence", "", "keep hosts of these confidence levels (comma list of high,medium,low,unknown)")
	fs.StringVar(&v.placement, "placement", "", "keep hosts whose placement is `reported` or reconstructed")
	fs.BoolVar(&v.firstSeen, "first-seen", false, "--from/--to keep hosts first seen in the window (as the window's timeline does), not those active in it")
	fs.StringVar(&v.center, "center", "", "centre of the map as `lon,lat` (with --zoom; overrides --bbox)")
	fs.Float64Var(&v.zoom, "zoom", 0, "zoom `factor`, 1 = the whole world (with --center; with --fit, about the hosts' centre)")
	fs.StringVar(&v.selServer, "select-server", "", "select this C2 server `id`: its victims ringed, as a click in the window")
	fs.StringVar(&v.selHost, "select-host", "", "select this host `id` (ip:ADDR: the host with that address; #N: the host at index N)")
	fs.StringVar(&v.selHosts, "select-hosts", "", "select these hosts together, as a click on a stack of hosts in the window (comma list of `ids` as --select-host reads them; none: no selection)")
}

// applyViewFlags reads the view flags into opt and builds the view to
// draw: from the flags alone, or the --view file with the flags the user
// gave laid over it.
func applyViewFlags(fs *flag.FlagSet, opt *exportOptions, stderr io.Writer) error {
	v := &opt.view
	v.set = map[string]bool{}
	fs.Visit(func(f *flag.Flag) { v.set[f.Name] = true })
	if err := v.parse(opt); err != nil {
		return err
	}
	own := viewOf(opt)
	if v.in == "" {
		v.spec = own
	} else {
		base, warns, err := viewspec.Read(v.in)
		for _, w := range warns {
			fmt.Fprintf(stderr, "threatmap: warning: %s\n", w)
		}
		if err != nil {
			return err
		}
		overlay(base, own, v.set)
		if len(opt.files) > 0 {
			base.Files = own.Files
		}
		v.viewFiles = len(opt.files) == 0 && len(base.Files) > 0
		v.viewGeoIP = !v.set["geoip"] && base.GeoIP != ""
		v.spec = base
	}
	fpsFrom := "--fps"
	if !v.set["fps"] {
		fpsFrom = "fps of the view " + v.in
	}
	if err := settleAnimation(v.spec, opt.out, fpsFrom); err != nil {
		return err
	}
	if err := v.spec.Check(); err != nil {
		return err
	}
	opt.files, opt.geoip = v.spec.Files, v.spec.GeoIP
	return nil
}

// named adds to err, about a file that the --view file named when
// from is true, where the name came from and how to give another.
func (v *viewOptions) named(err error, from bool, another string) error {
	if err == nil || !from {
		return err
	}
	return fmt.Errorf("%v\n  (named by the view %s; %s)", err, v.in, another)
}

// parse checks the view flags that have a value to read into opt.query.
func (v *viewOptions) parse(opt *exportOptions) error {
	var err error
	if v.confidence != "" {
		var f viewspec.View
		f.Filters.Confidence = list(v.confidence)
		if f.Filters.Confidence[0] == viewspec.NoneKey {
			f.Filters.Confidence = []string{}
		}
		q, err := f.Query()
		if err != nil {
			return errors.New("--confidence: " + strings.TrimPrefix(err.Error(), "filters.confidence: "))
		}
		opt.query.Confidence = q.Confidence
	}
	switch v.placement {
	case "", "any":
	case "reported":
		opt.query.Provenance = filter.ProvReported
	case "reconstructed":
		opt.query.Provenance = filter.ProvReconstructed
	default:
		return fmt.Errorf("--placement %q: want reported or reconstructed", v.placement)
	}
	if v.firstSeen {
		opt.query.Mode = filter.FirstSeen
	}
	if v.zoom != 0 && !(v.zoom >= viewspec.MinZoom && v.zoom <= viewspec.MaxZoom) {
		return fmt.Errorf("--zoom %v: want %v to %v", v.zoom, viewspec.MinZoom, viewspec.MaxZoom)
	}
	if v.center != "" {
		if _, err = parseCenter(v.center); err != nil {
			return err
		}
	}
	if n := len(slices.DeleteFunc([]string{v.selServer, v.selHost, v.selHosts}, func(s string) bool { return s == "" })); n > 1 {
		return errors.New("--select-server, --select-host and --select-hosts are exclusive")
	}
	return nil
}

func parseCenter(s string) ([2]float64, error) {
	f := strings.Split(s, ",")
	var c [2]float64
	if len(f) != 2 {
		return c, fmt.Errorf("--center %q: want lon,lat", s)
	}
	for i, x := range f {
		var err error
		c[i], err = strconv.ParseFloat(strings.TrimSpace(x), 64)
		if err != nil || math.IsNaN(c[i]) || math.IsInf(c[i], 0) {
			return c, fmt.Errorf("--center %q: %q is not a number", s, x)
		}
	}
	if c[0] < -540 || c[0] > 540 || c[1] < -90 || c[1] > 90 {
		return c, fmt.Errorf("--center %q: want lon in -540..540, lat in -90..90", s)
	}
	return c, nil
}

// viewOf is the view that opt's flags describe (defaults included).
func viewOf(opt *exportOptions) *viewspec.View {
	v := &viewspec.View{Version: viewspec.Version, Files: opt.files, Width: opt.width, Height: opt.height,
		Projection: opt.projection.String(), Layers: viewspec.LayerNames(opt.layers), Title: opt.title, GeoIP: opt.geoip}
	v.Filters, v.Time = viewspec.FromQuery(&opt.query)
	v.Theme = "dark"
	if reflect.DeepEqual(opt.theme, render.Light) {
		v.Theme = "light"
	}
	switch o := &opt.view; {
	case opt.fit:
		v.Extent.Fit, v.Extent.Zoom = true, opt.view.zoom // a zoom about the hosts' centre
	case o.center != "" || o.zoom != 0:
		if o.center != "" {
			c, _ := parseCenter(o.center) // checked by parse
			v.Extent.Center = c[:]
		}
		v.Extent.Zoom = o.zoom
	case opt.bbox != nil:
		b := opt.bbox
		v.Extent.BBox = []float64{b.Min[0], b.Min[1], b.Max[0], b.Max[1]}
	}
	v.Selection = viewspec.Selection{Server: opt.view.selServer, Host: opt.view.selHost}
	if hosts := list(opt.view.selHosts); len(hosts) > 0 && hosts[0] != viewspec.NoneKey {
		v.Selection.Hosts = hosts
	}
	opt.anim.setView(v)
	if len(v.Files) == 0 {
		v.Files = nil
	}
	return v
}

// viewFields says which fields of a View each export flag sets: what a
// flag given beside --view overrides. Flags not listed here are not part of
// a view (viewFreeFlags); a test checks that every flag is one or the other.
var viewFields = map[string]func(dst, src *viewspec.View){
	"width":         func(d, s *viewspec.View) { d.Width = s.Width },
	"height":        func(d, s *viewspec.View) { d.Height = s.Height },
	"projection":    func(d, s *viewspec.View) { d.Projection = s.Projection },
	"fit":           func(d, s *viewspec.View) { d.Extent = s.Extent },
	"bbox":          func(d, s *viewspec.View) { d.Extent = s.Extent },
	"center":        func(d, s *viewspec.View) { d.Extent = s.Extent },
	"zoom":          overlayZoom,
	"geoip":         func(d, s *viewspec.View) { d.GeoIP = s.GeoIP },
	"country":       func(d, s *viewspec.View) { d.Filters.Countries = s.Filters.Countries },
	"type":          func(d, s *viewspec.View) { d.Filters.Types = s.Filters.Types },
	"server":        func(d, s *viewspec.View) { d.Filters.Servers = s.Filters.Servers },
	"confidence":    func(d, s *viewspec.View) { d.Filters.Confidence = s.Filters.Confidence },
	"placement":     func(d, s *viewspec.View) { d.Filters.Placement = s.Filters.Placement },
	"from":          func(d, s *viewspec.View) { d.Time.From = s.Time.From },
	"to":            func(d, s *viewspec.View) { d.Time.To = s.Time.To },
	"first-seen":    func(d, s *viewspec.View) { d.Time.Match = s.Time.Match },
	"select-server": func(d, s *viewspec.View) { d.Selection = s.Selection },
	"select-host":   func(d, s *viewspec.View) { d.Selection = s.Selection },
	"select-hosts":  func(d, s *viewspec.View) { d.Selection = s.Selection },
	"layers":        func(d, s *viewspec.View) { d.Layers = s.Layers },
	"theme":         func(d, s *viewspec.View) { d.Theme = s.Theme },
	"title":         func(d, s *viewspec.View) { d.Title = s.Title },
	"frames":        func(d, s *viewspec.View) { d.Frames = s.Frames },
	"fps":           func(d, s *viewspec.View) { d.FPS = s.FPS },
	"cumulative":    func(d, s *viewspec.View) { d.Playback = s.Playback },
	"window":        func(d, s *viewspec.View) { d.Playback = s.Playback },
}

// viewFreeFlags are the export flags that are not part of a view.
var viewFreeFlags = map[string]bool{"o": true, "output": true, "force": true, "view": true, "save-view": true}

// overlayZoom sets the zoom; without --center, about the view's own
// centre: a --bbox view becomes a centre and zoom view about the centre
// its box was drawn at, a --fit view still fits the hosts, at that zoom.
// (A bbox or fit view zoomed about the world's centre before.)
func overlayZoom(d, s *viewspec.View) {
	e, z := &d.Extent, s.Extent.Zoom
	switch {
	case s.Extent.Center != nil:
		d.Extent = s.Extent
	case e.Fit:
		d.Extent = viewspec.Extent{Fit: true, Zoom: z}
	case e.Center != nil:
		d.Extent = viewspec.Extent{Center: e.Center, Zoom: z}
	case len(e.BBox) == 4:
		b := orb.Bound{Min: orb.Point{e.BBox[0], e.BBox[1]}, Max: orb.Point{e.BBox[2], e.BBox[3]}}
		p, _ := render.ParseProjection(cmp.Or(d.Projection, render.EqualEarth.String()))
		w, h := d.Size()
		c := render.FitBounds(p, b, w, h).Center
		d.Extent = viewspec.Extent{Center: []float64{c[0], c[1]}, Zoom: z}
	default:
		d.Extent = s.Extent
	}
}

// overlay lays the fields of own that the set flags decide over base.
func overlay(base, own *viewspec.View, set map[string]bool) {
	// Extent flags in a fixed order: --center with --zoom sets both.
	for _, name := range []string{"bbox", "center", "zoom", "fit"} {
		if set[name] {
			viewFields[name](base, own)
		}
	}
	for name := range set {
		if f := viewFields[name]; f != nil && name != "bbox" && name != "center" && name != "zoom" && name != "fit" {
			f(base, own)
		}
	}
}

// viewOutput checks and opens --save-view's file (nil without it), as the
// image's: atomic, never over an existing file without --force, never over
// an input.
func viewOutput(opt *exportOptions) (*render.Output, error) {
	if opt.view.save == "" {
		return nil, nil
	}
	if render.SameOutput(opt.view.save, opt.out) {
		return nil, fmt.Errorf("--save-view %s is the image's -o file; give the view a name of its own", opt.view.save)
	}
	return render.CreateOutput(opt.view.save, opt.inputs(), opt.force)
}

// inputs are the files an output never replaces: the data and the view
// read.
func (opt *exportOptions) inputs() []string {
	in := append([]string(nil), opt.files...)
	if opt.view.in != "" {
		in = append(in, opt.view.in)
	}
	return in
}

// marshalView is viewspec.Marshal; a test makes it fail as a full disk
// would make the write.
var marshalView = viewspec.Marshal

// writeView writes the drawn view into out, its files relative to the
// view file's folder; the caller commits out.
func writeView(out *render.Output, opt *exportOptions) error {
	b, err := marshalView(opt.view.spec.Relative(filepath.Dir(opt.view.save)))
	if err == nil {
		_, err = out.Write(b)
	}
	if err != nil {
		return fmt.Errorf("cannot write %s: %v", opt.view.save, err)
	}
	return nil
}
