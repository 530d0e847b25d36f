package main

// The JSON wire format shared by both modes.
//
// Strings: Go strings are bytes, JSON strings are Unicode. A string travels as a plain JSON
// string when its bytes are valid UTF-8, otherwise as {"$bytes": "<base64>"} on input, and under
// the field name suffixed "_b64" (base64 of the raw bytes) on output.
//
// Data: JSON values become the Go values a template sees. object → map[string]any,
// array → []any, string, bool, null → nil, integer → int64 (like integer config values),
// number with a fraction or exponent → float64. An object with a single "$"-prefixed key is a
// tagged value:
//
//	{"$int": 5}  (and $int8 … $int64, $uint … $uint64)   that Go integer type
//	{"$float": 1} or {"$float": "NaN" | "+Inf" | "-Inf" | "-0"}   float64
//	{"$bytes": "<base64>"}                               string with arbitrary bytes
//	{"$strings": [...] | null}                          []string (null: a nil slice)
//	{"$slice": {"elem": "int", "items": [...] | null}}   []elem; elem is a Go type name
//	{"$map": {...}}                                     map[string]any, keys taken literally
//	{"$pair": [k, v]}                                   the `pair` helper's struct

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	clitemplate "goref/template"
)

func readRequest(r io.Reader, v any) error {
	dec := json.NewDecoder(r)
	dec.UseNumber()
	return dec.Decode(v)
}

func writeResponse(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// text is a Go string as carried on input: a JSON string or {"$bytes": base64}.
type text string

func (t *text) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*t = text(s)
		return nil
	}
	var tagged struct {
		Bytes *string `json:"$bytes"`
	}
	if err := json.Unmarshal(b, &tagged); err != nil || tagged.Bytes == nil {
		return fmt.Errorf("expected a string or {\"$bytes\": ...}, got %s", b)
	}
	raw, err := base64.StdEncoding.DecodeString(*tagged.Bytes)
	if err != nil {
		return err
	}
	*t = text(raw)
	return nil
}

// putText stores s under key, or its base64 under key+"_b64" when it is not valid UTF-8
// (encoding/json would otherwise replace the invalid bytes with U+FFFD).
func putText(m map[string]any, key, s string) {
	if utf8.ValidString(s) {
		m[key] = s
	} else {
		m[key+"_b64"] = base64.StdEncoding.EncodeToString([]byte(s))
	}
}

// decodeDataJSON decodes a raw data field; absent data is nil.
func decodeDataJSON(raw json.RawMessage) (any, error) {
	if len(raw) == 0 {
		return nil, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return decodeData(v)
}

func decodeData(v any) (any, error) {
	switch x := v.(type) {
	case nil, bool, string:
		return x, nil
	case json.Number:
		if strings.ContainsAny(string(x), ".eE") {
			return strconv.ParseFloat(string(x), 64)
		}
		return strconv.ParseInt(string(x), 10, 64)
	case []any:
		return decodeList(x)
	case map[string]any:
		if len(x) == 1 {
			for k, inner := range x {
				if strings.HasPrefix(k, "$") {
					return decodeTagged(k, inner)
				}
			}
		}
		return decodeMap(x)
	}
	return nil, fmt.Errorf("unexpected JSON value %#v", v)
}

func decodeList(items []any) ([]any, error) {
	out := make([]any, len(items))
	for i, item := range items {
		var err error
		if out[i], err = decodeData(item); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func decodeMap(m map[string]any) (map[string]any, error) {
	out := make(map[string]any, len(m))
	for k, item := range m {
		var err error
		if out[k], err = decodeData(item); err != nil {
			return nil, err
		}
	}
	return out, nil
}

var goTypes = map[string]reflect.Type{
	"int": reflect.TypeFor[int](), "int8": reflect.TypeFor[int8](),
	"int16": reflect.TypeFor[int16](), "int32": reflect.TypeFor[int32](),
	"int64": reflect.TypeFor[int64](), "uint": reflect.TypeFor[uint](),
	"uint8": reflect.TypeFor[uint8](), "uint16": reflect.TypeFor[uint16](),
	"uint32": reflect.TypeFor[uint32](), "uint64": reflect.TypeFor[uint64](),
	"float64": reflect.TypeFor[float64](), "string": reflect.TypeFor[string](),
	"bool": reflect.TypeFor[bool](), "interface {}": reflect.TypeFor[any](),
}

func decodeTagged(tag string, v any) (any, error) {
	name := strings.TrimPrefix(tag, "$")
	switch name {
	case "float":
		s, ok := v.(string)
		if n, isNum := v.(json.Number); isNum {
			s, ok = string(n), true
		}
		if !ok {
			return nil, fmt.Errorf("$float needs a number or a string, got %#v", v)
		}
		return strconv.ParseFloat(s, 64)
	case "bytes":
		s, _ := v.(string)
		raw, err := base64.StdEncoding.DecodeString(s)
		return string(raw), err
	case "strings":
		return decodeSlice("string", v)
	case "slice":
		spec, _ := v.(map[string]any)
		elem, _ := spec["elem"].(string)
		return decodeSlice(elem, spec["items"])
	case "map":
		m, ok := v.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("$map needs an object")
		}
		return decodeMap(m)
	case "pair":
		kv, ok := v.([]any)
		if !ok || len(kv) != 2 {
			return nil, fmt.Errorf("$pair needs [key, value]")
		}
		k, err := decodeData(kv[0])
		if err != nil {
			return nil, err
		}
		val, err := decodeData(kv[1])
		if err != nil {
			return nil, err
		}
		ks, ok := k.(string)
		if !ok {
			return nil, fmt.Errorf("$pair key must be a string")
		}
		return clitemplate.Pair(ks, val), nil
	}
	t, ok := goTypes[name]
	if !ok || !strings.Contains(name, "int") {
		return nil, fmt.Errorf("unknown tag %q", tag)
	}
	n, ok := v.(json.Number)
	if !ok {
		return nil, fmt.Errorf("%s needs an integer", tag)
	}
	if strings.HasPrefix(name, "u") {
		u, err := strconv.ParseUint(string(n), 10, t.Bits())
		return reflect.ValueOf(u).Convert(t).Interface(), err
	}
	i, err := strconv.ParseInt(string(n), 10, t.Bits())
	return reflect.ValueOf(i).Convert(t).Interface(), err
}

// decodeSlice builds a []elem; a JSON null gives the nil slice.
func decodeSlice(elem string, v any) (any, error) {
	t, ok := goTypes[elem]
	if !ok {
		return nil, fmt.Errorf("unsupported slice element type %q", elem)
	}
	if v == nil {
		return reflect.Zero(reflect.SliceOf(t)).Interface(), nil
	}
	items, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("slice items must be an array")
	}
	out := reflect.MakeSlice(reflect.SliceOf(t), len(items), len(items))
	for i, item := range items {
		val, err := decodeData(item)
		if err != nil {
			return nil, err
		}
		if val == nil {
			continue // zero value; only meaningful for interface elements
		}
		rv := reflect.ValueOf(val)
		if !rv.Type().ConvertibleTo(t) {
			return nil, fmt.Errorf("cannot put %T into []%s", val, elem)
		}
		out.Index(i).Set(rv.Convert(t))
	}
	return out.Interface(), nil
}
