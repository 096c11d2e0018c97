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
	if !gjson.Valid(s) {
		*f = feat{Keys: f.Keys[:0], Vals: f.Vals[:0]}
		return invalidJSON(s)
	}
	jsonlex.Collect(s, f)
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
