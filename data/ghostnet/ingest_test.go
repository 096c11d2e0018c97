package ghostnet_test

import (
	"testing"

	"threatmap/data/ghostnet"
	"threatmap/data/ingest"
	"threatmap/data/threat"
)

// TestIngestDefault loads the embedded file through the reader the app
// uses and checks that it sees the dataset as generated.
func TestIngestDefault(t *testing.T) {
	d, rep := ingest.Default()
	if rep.Err != nil {
		t.Fatal(rep.Err)
	}
	if rep.SkippedCount != 0 || rep.WarningCount != 0 {
		t.Errorf("%d skipped, %d warnings: %v %v", rep.SkippedCount, rep.WarningCount, rep.Skipped, rep.Warnings)
	}
	if d.Hosts.Len() != 1295 || len(d.Servers) != 10 || d.Links.Len() != 1295 {
		t.Fatalf("loaded %d hosts, %d servers, %d links; want 1295, 10, 1295",
			d.Hosts.Len(), len(d.Servers), d.Links.Len())
	}
	if rep.Control != 4 || rep.Command != 6 || rep.Derived != 0 {
		t.Errorf("report: %d control, %d command, %d derived links; want 4, 6, 0", rep.Control, rep.Command, rep.Derived)
	}
	if len(rep.Countries) != 103 || rep.Countries["TW"] != 148 || rep.Countries["VN"] != 130 {
		t.Errorf("report: %d countries, TW %d, VN %d", len(rep.Countries), rep.Countries["TW"], rep.Countries["VN"])
	}
	if rep.Types["private_broadband"] != 536 {
		t.Errorf("report: %d private_broadband", rep.Types["private_broadband"])
	}
	if d.Meta.Title != "GhostNet (2009), reconstructed" || !d.Meta.Reconstructed || d.Meta.Caveat == "" || len(d.Meta.Sources) == 0 {
		t.Errorf("meta = %+v", d.Meta)
	}
	if got := d.Meta.ReportedCountries; len(got) != 2 || got[0] != "TW" || got[1] != "VN" {
		t.Errorf("reported countries %v, want [TW VN]: the only per-country counts a source gives", got)
	}
	if d.Meta.ConfidenceNote != ghostnet.ConfidenceNote {
		t.Errorf("confidence note %q", d.Meta.ConfidenceNote)
	}
	for i := range d.Links.Len() {
		if d.Links.Server[i] < 0 || d.Links.Host[i] < 0 {
			t.Fatalf("link %d unmatched: server %d, host %d", i, d.Links.Server[i], d.Links.Host[i])
		}
		if d.LinkRecon(i)&threat.FieldLink == 0 || d.LinkSource(i) == "" {
			t.Fatalf("link %d: recon %v, source %q: every assignment is ours and must say so", i, d.LinkRecon(i).Names(), d.LinkSource(i))
		}
		if s := d.Servers[d.Links.Server[i]]; s.Role != threat.RoleControl {
			t.Fatalf("link %d goes to %s, a %s server: the hosts were listed from the control servers", i, s.ID, s.Role)
		}
	}
	for i := range d.Hosts.Len() {
		if d.Hosts.Server[i] < 0 {
			t.Fatalf("host %d has no server", i)
		}
		if d.Hosts.Recon[i]&(threat.FieldLocation|threat.FieldServer) == 0 {
			t.Fatalf("host %d: reconstructed %v", i, d.Hosts.Recon[i].Names())
		}
	}
	first, last, ok := d.TimeRange()
	if !ok || first != 1179792000 || last != 1236816000 { // 2007-05-22, 2009-03-12 UTC
		t.Errorf("time range %d..%d", first, last)
	}
}
