package main

// `goref snippets`: run many small templates through Go's text/template.
//
// Request:  {"cases": [{"name", "template", "data", "library": [[file, text], ...],
//                       "facts": {...}, "walk": bool}, ...]}
// Response: {"results": [{"name", "output"} | {"name", "error", "stage"}, ...]}
//
// stage is "library" (parsing a library file), "parse" or "exec"; error is Go's raw err.Error().
// With "walk", `skip` exists as during the CLI's walk of the root directory (added after the
// library is parsed, so library files cannot use it) and the result lists the registered
// patterns under "skips". Texts follow protocol.go (output_b64 / error_b64 for non-UTF-8).

import (
	"encoding/json"
	"fmt"
	"io"
)

type snippetCase struct {
	Name     string          `json:"name"`
	Template text            `json:"template"`
	Data     json.RawMessage `json:"data"`
	Library  [][2]text       `json:"library"`
	Facts    facts           `json:"facts"`
	Walk     bool            `json:"walk"`
}

func runSnippets(in io.Reader, out io.Writer) error {
	var req struct {
		Cases []snippetCase `json:"cases"`
	}
	if err := readRequest(in, &req); err != nil {
		return err
	}
	results := make([]map[string]any, 0, len(req.Cases))
	for _, c := range req.Cases {
		res, err := runSnippet(c)
		if err != nil {
			return fmt.Errorf("case %q: %w", c.Name, err)
		}
		results = append(results, res)
	}
	return writeResponse(out, map[string]any{"results": results})
}

func runSnippet(c snippetCase) (res map[string]any, err error) {
	data, err := decodeDataJSON(c.Data)
	if err != nil {
		return nil, err
	}
	res = map[string]any{"name": c.Name}
	fail := func(stage string, e error) {
		res["stage"] = stage
		putText(res, "error", e.Error())
	}
	// A panic escaping text/template is a finding in itself; report it rather than die.
	defer func() {
		if p := recover(); p != nil {
			fail("panic", fmt.Errorf("%v", p))
		}
	}()

	r := &renderer{base: newBase(newHelpers(&c.Facts)), config: data}
	for _, file := range c.Library {
		if err := addLibraryFile(r.base, string(file[0]), string(file[1])); err != nil {
			fail("library", err)
			return res, nil
		}
	}
	if c.Walk {
		r.skipPatterns = []string{}
		r.bindSkip(".")
	}
	output, stage, err := executeRaw(r.base, string(c.Template), data)
	if err != nil {
		fail(stage, err)
	} else {
		putText(res, "output", output)
	}
	if c.Walk {
		res["skips"] = r.skipPatterns
	}
	return res, nil
}
