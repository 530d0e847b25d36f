package main

// How the CLI's is_service_principal decides: it calls github.com/google/uuid's Parse on the
// user's userName and takes a nil error to mean "service principal". google/uuid cannot be
// imported here (the harness is stdlib-only and builds offline, with no module cache), so
// googleUUIDParse below is our own code for the rules google/uuid documents and implements
// (v1.3 and later, which the CLI uses):
//
//   - The decision is made on len(s), the string's length in BYTES (UTF-8), not in runes.
//   - 36 bytes: the canonical form xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx, with '-' at byte
//     offsets 8, 13, 18 and 23 and a hex digit (either case) at every other offset.
//   - 45 bytes: "urn:uuid:" compared case-insensitively (strings.EqualFold), then the 36 form.
//   - 38 bytes: the first and the last byte are dropped WITHOUT checking that they are '{' and
//     '}' (so "(…)" or "x…y" are accepted too), then the 36 form.
//   - 32 bytes: 32 hex digits, no dashes.
//   - Any other length is an error.
//
// Go 1.27's standard library package uuid (see uuidstd.go) is a different parser: it requires
// the braces and a lower-case "urn:uuid:" prefix. It is reported next to this one in the "uuid"
// mode only as a contrast; the CLI does not use it.

import (
	"io"
	"strings"
)

// googleUUIDParse returns nil exactly when google/uuid's Parse(s) returns a nil error.
func googleUUIDParse(s string) error {
	switch len(s) {
	case 36:
		return canonicalUUID(s)
	case 36 + 9:
		if !strings.EqualFold(s[:9], "urn:uuid:") {
			return errUUID("invalid urn prefix")
		}
		return canonicalUUID(s[9:])
	case 36 + 2:
		return canonicalUUID(s[1 : len(s)-1]) // the enclosing bytes are not looked at
	case 32:
		for i := 0; i < len(s); i++ {
			if !isHexDigit(s[i]) {
				return errUUID("invalid UUID format")
			}
		}
		return nil
	}
	return errUUID("invalid UUID length")
}

// canonicalUUID checks the 36-byte xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx form.
func canonicalUUID(s string) error {
	if len(s) != 36 {
		return errUUID("invalid UUID length")
	}
	for i := 0; i < len(s); i++ {
		switch i {
		case 8, 13, 18, 23:
			if s[i] != '-' {
				return errUUID("invalid UUID format")
			}
		default:
			if !isHexDigit(s[i]) {
				return errUUID("invalid UUID format")
			}
		}
	}
	return nil
}

func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

type errUUID string

func (e errUUID) Error() string { return string(e) }

func isUUID(s string) bool {
	return googleUUIDParse(s) == nil
}

// runUUID answers {"inputs": [text, ...]} with {"results": [{"google": bool, "stdlib": bool|null,
// "bytes": n}, ...]}: googleUUIDParse's verdict (the CLI's), Go 1.27's uuid.Parse verdict (null
// when the harness is built with an older Go) and len(s).
func runUUID(r io.Reader, w io.Writer) error {
	var req struct {
		Inputs []text `json:"inputs"`
	}
	if err := readRequest(r, &req); err != nil {
		return err
	}
	results := make([]map[string]any, len(req.Inputs))
	for i, in := range req.Inputs {
		s := string(in)
		result := map[string]any{"google": isUUID(s), "bytes": len(s), "stdlib": nil}
		if ok, available := stdlibUUIDParse(s); available {
			result["stdlib"] = ok
		}
		results[i] = result
	}
	return writeResponse(w, map[string]any{"results": results})
}
