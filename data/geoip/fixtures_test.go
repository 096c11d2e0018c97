package geoip

import (
	"os"
	"path/filepath"
	"testing"

	"threatmap/data/geoip/geoiptest"
)

type (
	mmdbNet = geoiptest.Net
	u16     = geoiptest.U16
	u32     = geoiptest.U32
)

var mmdbFile = geoiptest.MMDB

// Test databases in the layouts geoip reads, and one it must refuse.
const testEpoch = 1767225600 // 2026-01-01

var (
	geoLite2City = []mmdbNet{
		{Prefix: "81.2.69.0/24", Record: map[string]any{
			"city":               map[string]any{"geoname_id": u32(2643743), "names": map[string]any{"en": "London", "de": "London"}},
			"country":            map[string]any{"iso_code": "GB", "names": map[string]any{"en": "United Kingdom"}},
			"location":           map[string]any{"latitude": 51.5142, "longitude": -0.0931, "accuracy_radius": u16(10)},
			"registered_country": map[string]any{"iso_code": "GB"},
		}},
		{Prefix: "2a02:d000::/29", Record: map[string]any{ // coordinates absent: country level
			"country": map[string]any{"iso_code": "CH"},
		}},
		{Prefix: "89.160.20.0/24", Record: map[string]any{ // MaxMind's country default point: country level
			"country":  map[string]any{"iso_code": "SE"},
			"location": map[string]any{"latitude": 62.0, "longitude": 15.0, "accuracy_radius": u16(1000)},
		}},
		{Prefix: "81.2.71.0/24", Record: map[string]any{ // no city, but within 20 km: city level
			"country":  map[string]any{"iso_code": "GB"},
			"location": map[string]any{"latitude": 51.75, "longitude": -1.25, "accuracy_radius": u16(20)},
		}},
		{Prefix: "175.16.199.0/24", Record: map[string]any{
			"city":     map[string]any{"names": map[string]any{"en": "Changchun"}},
			"country":  map[string]any{"iso_code": "CN"},
			"location": map[string]any{"latitude": 43.88, "longitude": 125.3228},
		}},
	}
	geoLite2Country = []mmdbNet{
		{Prefix: "89.160.20.0/24", Record: map[string]any{"country": map[string]any{"iso_code": "SE"}, "registered_country": map[string]any{"iso_code": "SE"}}},
		{Prefix: "67.43.156.0/24", Record: map[string]any{"registered_country": map[string]any{"iso_code": "BT"}}}, // anonymous proxy: registered only
		{Prefix: "2001:218::/32", Record: map[string]any{"country": map[string]any{"iso_code": "JP"}}},
		{Prefix: "5.61.0.0/16", Record: map[string]any{"country": map[string]any{"iso_code": "BV"}}}, // not on the base map, no town
	}
	ipLocationCity = []mmdbNet{
		{Prefix: "1.0.16.0/20", Record: map[string]any{"country_code": "JP", "city": "Tokyo", "state1": "Tokyo", "latitude": float32(35.6895), "longitude": float32(139.69171)}},
		{Prefix: "1.1.1.0/24", Record: map[string]any{"country_code": "AU", "city": "Sydney", "latitude": -33.8688, "longitude": 151.2093}},
		{Prefix: "2.0.0.0/16", Record: map[string]any{"country_code": "FR"}},
	}
	asnDB = []mmdbNet{
		{Prefix: "1.0.0.0/24", Record: map[string]any{"autonomous_system_number": u32(13335), "autonomous_system_organization": "CLOUDFLARENET"}},
	}
)

// writeMMDB writes an MMDB into t's temporary directory and returns its path.
func writeMMDB(t testing.TB, name, dbType string, nets []mmdbNet) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, mmdbFile(dbType, testEpoch, nets), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
