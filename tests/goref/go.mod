module goref

// The CLI (v1.13.0) is built with Go 1.26; the go directive pins the GODEBUG defaults to match.
go 1.26
