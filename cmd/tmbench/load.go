package main

import (
	"fmt"
	"os"
	"os/exec"

	"github.com/paulmach/orb/geojson"
)

// The load group: threatmap validate against GDAL's ogrinfo and a decode
// with orb's geojson package, each a whole process on the same file.
func init() {
	register(benchCase{Group: "load", Name: "threatmap validate", Base: true,
		Cmd: func(e *env) ([]string, string) { return []string{e.Threatmap, "validate", e.File}, "" }})
	register(benchCase{Group: "load", Name: "ogrinfo -ro -so -al (GDAL)",
		Cmd: func(e *env) ([]string, string) {
			p, err := exec.LookPath("ogrinfo")
			if err != nil {
				return nil, "ogrinfo not found: apt-get install gdal-bin"
			}
			return []string{p, "-ro", "-so", "-al", e.File}, ""
		}})
	register(benchCase{Group: "load", Name: "orb geojson.UnmarshalFeatureCollection",
		Cmd: func(e *env) ([]string, string) { return []string{e.Self, "orbdecode", e.File}, "" }})
	helpers["orbdecode"] = orbDecode
}

// orbDecode reads a file with orb's geojson package, as a program using it
// would, and prints the number of features.
func orbDecode(args []string) error {
	if len(args) != 1 {
		return fmt.Errorf("usage: tmbench orbdecode FILE")
	}
	b, err := os.ReadFile(args[0])
	if err != nil {
		return err
	}
	fc, err := geojson.UnmarshalFeatureCollection(b)
	if err != nil {
		return err
	}
	fmt.Println(len(fc.Features), "features")
	return nil
}
