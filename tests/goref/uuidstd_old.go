//go:build !go1.27

package main

// Before Go 1.27 there is no standard library uuid package; see uuidstd.go.

func stdlibUUIDParse(string) (ok, available bool) {
	return false, false
}
