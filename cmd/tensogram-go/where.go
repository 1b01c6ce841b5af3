package main

import (
	"strings"

	"github.com/tensogram-go/tensogram-go/core"
)

// whereClause is a parsed `-w` filter: KEY=V1/V2/… or KEY!=V1/V2/….
type whereClause struct {
	key    string
	values []string
	negate bool
}

// parseWhere splits a clause at the first "!=" or else the first "=";
// nothing is trimmed. An empty text means no filter (nil clause).
func parseWhere(text string, given bool) (*whereClause, error) {
	if !given {
		return nil, nil
	}
	w := &whereClause{}
	var val string
	if i := strings.Index(text, "!="); i >= 0 {
		w.key, val, w.negate = text[:i], text[i+2:], true
	} else if i := strings.IndexByte(text, '='); i >= 0 {
		w.key, val = text[:i], text[i+1:]
	} else {
		return nil, errf("invalid where clause: invalid where-clause: %s (expected key=value or key!=value)", text)
	}
	w.values = strings.Split(val, "/")
	return w, nil
}

// matches reports whether a message's selection metadata passes the clause
// (a nil clause passes everything). A missing key fails "=" and passes "!=".
func (w *whereClause) matches(g *core.GlobalMetadata) bool {
	if w == nil {
		return true
	}
	s, ok := displayKey(g, w.key)
	if !ok {
		return w.negate
	}
	for _, v := range w.values {
		if s == v {
			return !w.negate
		}
	}
	return w.negate
}

// splitKeys splits a `-p` list on commas, trimming each item.
func splitKeys(list string) []string {
	parts := strings.Split(list, ",")
	for i, p := range parts {
		parts[i] = strings.TrimSpace(p)
	}
	return parts
}

// foundKeysJSON is the `-j -p` object: the found keys only, values as
// display strings, keys sorted (duplicates collapsed).
func foundKeysJSON(g *core.GlobalMetadata, keys []string) jsonObject {
	seen := map[string]bool{}
	obj := jsonObject{}
	for _, k := range keys {
		if seen[k] {
			continue
		}
		seen[k] = true
		if s, ok := displayKey(g, k); ok {
			obj = append(obj, jsonMember{k, s})
		}
	}
	return sortedObject(obj)
}
