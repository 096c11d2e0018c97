package main

import (
	"fmt"

	"threatmap/data/ingest/ingesttest"
)

// `tmbench citydb DIR` writes ingesttest's synthetic city database into
// DIR (city-18.mmdb) and prints its path, for timing 1M addresses placed
// at city level as a user would: `threatmap validate --geoip DIR/city-18.mmdb
// DIR/iplist-1000000.netset` (the list from `tmbench ipload list DIR 1000000`).
func init() { helpers["citydb"] = cityDB }

func cityDB(args []string) error {
	if len(args) != 1 {
		return fmt.Errorf("usage: tmbench citydb DIR")
	}
	p, err := ingesttest.EnsureCityDB(args[0])
	if err != nil {
		return err
	}
	fmt.Println(p)
	return nil
}
