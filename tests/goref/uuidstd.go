//go:build go1.27

package main

// Go 1.27's standard library uuid package, for contrast with googleUUIDParse (uuidparse.go):
// its Parse checks the braces of the 38-byte form and wants "urn:uuid:" in lower case.

import "uuid"

func stdlibUUIDParse(s string) (ok, available bool) {
	_, err := uuid.Parse(s)
	return err == nil, true
}
