package ingest

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/tidwall/gjson"

	"threatmap/data/ingest/internal/jsonlex"
)

// feat is what element reads of one feature: its members, collected
// first, without side effects, then applied. jsonlex.Read collects them
// in one pass over plain JSON and declines the rest; gjsonFeat collects
// the same with gjson, once the JSON is known valid, and is the
// reference: whatever jsonlex accepts, it must collect exactly as
// gjsonFeat does (FuzzLexFeat checks it).
type feat = jsonlex.Feature

// lexFeat collects f from the object s with jsonlex and reports whether
// it could; when it could not, f is garbage and gjsonFeat must be used.
func lexFeat(s string, f *feat) bool { return jsonlex.Read(s, f) == nil }

// gjsonFeat collects f from the object s with gjson, once gjson.Valid says
// s is valid JSON: gjson alone reads "[50abc,7]" as 50 and "US" unquoted
// as a member's end. Invalid JSON leaves f empty and is an error naming
// the byte of s where it fails.
func gjsonFeat(s string, f *feat) error {
	*f = feat{Keys: f.Keys[:0], Vals: f.Vals[:0]}
	if !gjson.Valid(s) {
		return invalidJSON(s)
	}
	gjson.Result{Type: gjson.JSON, Raw: s}.ForEach(func(k, v gjson.Result) bool {
		switch k.Str {
		case "type":
			f.Type = v.Str
		case "geometry":
			f.Geom, f.HasGeom = v, true
		case "properties":
			f.Props = v
		case "id":
			f.ID = v
		}
		return true
	})
	if jsonlex.IsGeomType(f.Type) {
		f.Geom, f.HasGeom = gjson.Result{Type: gjson.JSON, Raw: s}, true
	}
	if f.Props.IsObject() {
		f.Props.ForEach(func(k, v gjson.Result) bool {
			f.Keys = append(f.Keys, k)
			f.Vals = append(f.Vals, v)
			return true
		})
	}
	if f.Geom.IsObject() {
		f.Geom.ForEach(func(k, v gjson.Result) bool {
			switch k.Str {
			case "type":
				f.GeomType = v.Str
			case "coordinates":
				f.Coords = v
			}
			return true
		})
	}
	return nil
}

// invalidJSON says where and why s is not valid JSON, as encoding/json
// finds it (only ever asked once gjson.Valid has said no).
func invalidJSON(s string) error {
	var raw json.RawMessage
	err := json.Unmarshal([]byte(s), &raw)
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Errorf("invalid JSON at byte %d of the feature: %s", max(se.Offset-1, 0), se.Error())
	}
	return errors.New("invalid JSON")
}
