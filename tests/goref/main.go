// Command goref is the reference renderer for bricksmith's differential tests: Go's own
// text/template with the Databricks CLI's helper functions and `bundle init` pipeline.
//
// It reads one JSON request on stdin and writes one JSON response on stdout:
//
//	goref snippets   execute many template snippets (see snippets.go)
//	goref init       render a template tree like `databricks bundle init` (see init.go)
//	goref uuid       decide strings as google/uuid's Parse does (see uuidparse.go)
//
// Protocol errors (malformed requests) go to stderr with exit status 2; template and init errors
// are part of the JSON response.
package main

import (
	"fmt"
	"os"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: goref snippets|init|uuid < request.json")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "snippets":
		err = runSnippets(os.Stdin, os.Stdout)
	case "init":
		err = runInit(os.Stdin, os.Stdout)
	case "uuid":
		err = runUUID(os.Stdin, os.Stdout)
	default:
		err = fmt.Errorf("unknown mode %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "goref:", err)
		os.Exit(2)
	}
}
