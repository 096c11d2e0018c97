package viewspec

import (
	"fmt"
	"strconv"
	"strings"

	"threatmap/ui/render"
)

// Args returns the 'threatmap export' arguments (after "export") that draw
// v into out: every field of v as the flag that sets it, then the files.
// The export command reads them back into the same View (its tests check
// the round trip), so a copied command cannot drift from the window. A
// list value the command line cannot carry (one with a comma, an empty
// key, or the word "none") is an error.
func (v *View) Args(out string) ([]string, error) {
	w, h := v.Size()
	a := []string{"--width", strconv.Itoa(w), "--height", strconv.Itoa(h)}
	if v.Projection != "" {
		a = append(a, "--projection", v.Projection)
	}
	a = v.Extent.args(a)
	var err error
	for _, l := range []struct {
		flag string
		list []string
	}{
		{"--country", v.Filters.Countries}, {"--type", v.Filters.Types},
		{"--server", v.Filters.Servers}, {"--confidence", v.Filters.Confidence},
	} {
		if a, err = listArg(a, l.flag, l.list); err != nil {
			return nil, err
		}
	}
	a = appendIf(a, "--placement", v.Filters.Placement)
	a = appendIf(a, "--from", v.Time.From)
	a = appendIf(a, "--to", v.Time.To)
	if v.Time.Match == "first_seen" {
		a = append(a, "--first-seen")
	}
	a = appendIf(a, "--select-server", v.Selection.Server)
	a = appendIf(a, "--select-host", v.Selection.Host)
	if a, err = hostsArg(a, v.Selection.Hosts); err != nil {
		return nil, err
	}
	if v.Layers != nil {
		a = append(a, "--layers", layersArg(v.Layers))
	}
	a = appendIf(a, "--theme", v.Theme)
	a = appendIf(a, "--title", v.Title)
	a = appendIf(a, "--geoip", v.GeoIP)
	a = v.animationArgs(a, out)
	a = append(a, "-o", out)
	return appendFiles(a, v.Files), nil
}

// Command is Args as one POSIX shell command line, starting
// "threatmap export".
func (v *View) Command(out string) (string, error) {
	a, err := v.Args(out)
	if err != nil {
		return "", err
	}
	q := make([]string, len(a))
	for i, s := range a {
		q[i] = Quote(s)
	}
	return "threatmap export " + strings.Join(q, " "), nil
}

// Quote quotes s for a POSIX shell: as is when it holds only characters
// no shell treats specially, else in single quotes (a quote inside as '\”).
func Quote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./,:+=@%", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func appendIf(a []string, flag, val string) []string {
	if val == "" {
		return a
	}
	return append(a, flag, val)
}

func (e *Extent) args(a []string) []string {
	f := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	switch {
	case e.Fit && e.Zoom != 0:
		return append(a, "--fit", "--zoom", f(e.Zoom))
	case e.Fit:
		return append(a, "--fit")
	case e.Center != nil || e.Zoom != 0:
		if e.Center != nil {
			a = append(a, "--center", f(e.Center[0])+","+f(e.Center[1]))
		}
		if e.Zoom != 0 {
			a = append(a, "--zoom", f(e.Zoom))
		}
		return a
	case e.BBox != nil:
		b := e.BBox
		return append(a, "--bbox", f(b[0])+","+f(b[1])+","+f(b[2])+","+f(b[3]))
	}
	return a
}

// listArg appends a comma list flag: nothing for nil, "none" for an empty
// list.
func listArg(a []string, flag string, l []string) ([]string, error) {
	switch {
	case l == nil:
		return a, nil
	case len(l) == 0:
		return append(a, flag, "none"), nil
	}
	for _, s := range l {
		if s == "" || s == "none" || strings.Contains(s, ",") || strings.TrimSpace(s) != s {
			return nil, fmt.Errorf("%s: %q cannot be written on a command line (save a view instead)", flag, s)
		}
	}
	return append(a, flag, strings.Join(l, ",")), nil
}

// MaxHostsArg bounds the --select-hosts value Args writes, in bytes:
// about 1,500 hosts named by address. Linux refuses a single argument
// over 128 KiB, and a pasted command of that size is neither read nor
// checked by anyone; a larger selection is carried by a saved view.
const MaxHostsArg = 32 << 10

// hostsArg appends --select-hosts with the references of hosts selected
// together (nothing for none), or says why the command line cannot carry
// them.
func hostsArg(a []string, refs []string) ([]string, error) {
	if len(refs) == 0 {
		return a, nil
	}
	a, err := listArg(a, "--select-hosts", refs)
	if err != nil {
		return nil, err
	}
	if n := len(a[len(a)-1]); n > MaxHostsArg {
		return nil, fmt.Errorf("--select-hosts: %s hosts take %d KiB, more than a command line should carry (%d KiB): save a view instead and export it with --view",
			render.Count(len(refs)), (n+1023)>>10, MaxHostsArg>>10)
	}
	return a, nil
}

func layersArg(l []string) string {
	if len(l) == 0 {
		return "none"
	}
	return strings.Join(l, ",")
}

// animationArgs are the flags of an animated export, written only when out
// is one (.gif, .mp4, .webm): a still export takes none of them, whatever
// playback mode the view holds.
func (v *View) animationArgs(a []string, out string) []string {
	if !render.IsAnimation(out) {
		return a
	}
	if v.Frames > 0 {
		a = append(a, "--frames", strconv.Itoa(v.Frames))
	}
	if v.FPS > 0 {
		a = append(a, "--fps", strconv.Itoa(v.FPS))
	}
	if p := v.Playback; p != nil {
		switch p.Mode {
		case "cumulative":
			a = append(a, "--cumulative")
		case "window":
			a = append(a, "--window", p.Window)
		}
	}
	return a
}

// appendFiles appends the file names, after "--" when one starts with a
// dash.
func appendFiles(a, files []string) []string {
	for _, f := range files {
		if strings.HasPrefix(f, "-") {
			a = append(a, "--")
			break
		}
	}
	return append(a, files...)
}
