package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"threatmap/data/geoip"
	"threatmap/ui/render"
)

// geoipFlagHelp describes --geoip for both subcommands.
var geoipFlagHelp = "place feeds without coordinates (IP lists, logs, ip columns) with this MMDB `file`: " +
	"GeoIP2/GeoLite2 City or Country, or ip-location-db (default: the embedded country database, " +
	geoip.Embedded().Describe() + ")"

// openGeoIP opens the database of --geoip; "" is the embedded one, which
// ingest takes as a nil DB. Only a regular file or a named pipe
// ('--geoip <(zcat city.mmdb.gz)', as data files may be) is read:
// geoip.Open reads the whole file, which from a device (/dev/zero) filled
// memory until the process died.
func openGeoIP(path string) (*geoip.DB, error) {
	if path == "" {
		return nil, nil
	}
	if st, err := os.Stat(path); err == nil && !st.Mode().IsRegular() && st.Mode()&fs.ModeNamedPipe == 0 {
		return nil, fmt.Errorf("--geoip %s is %s: give an MMDB file", path, render.Irregular(st.Mode()))
	}
	return geoip.Open(path)
}

// geoipArg reads "--geoip FILE", "--geoip=FILE" (one dash or two) at
// args[i]: ok says whether args[i] is that flag, n how many arguments it
// used.
func geoipArg(args []string, i int) (path string, n int, ok bool, err error) {
	a := strings.TrimPrefix(args[i], "-")
	switch {
	case a == "-geoip" || a == "geoip":
		if i+1 >= len(args) || args[i+1] == "" {
			return "", 1, true, errors.New("--geoip needs an MMDB file")
		}
		return args[i+1], 2, true, nil
	case strings.HasPrefix(a, "-geoip=") || strings.HasPrefix(a, "geoip="):
		path = a[strings.IndexByte(a, '=')+1:]
		if path == "" {
			return "", 1, true, errors.New("--geoip needs an MMDB file")
		}
		return path, 1, true, nil
	}
	return "", 0, false, nil
}
