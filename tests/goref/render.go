package main

// The execution primitive: every rendered string starts from a fresh clone of one base
// namespace (helpers + library templates), like the CLI's renderer.executeTemplate.

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
	"text/template"
)

func newBase(helpers template.FuncMap) *template.Template {
	return template.New("").Funcs(helpers).Option("missingkey=error")
}

// addLibraryFile parses one library file the way ParseFS does: as a template named by the file,
// so a later file of the same name replaces it unless its body is empty (Go's own rule).
func addLibraryFile(base *template.Template, name, body string) error {
	t := base
	if name != base.Name() {
		t = base.New(name)
	}
	_, err := t.Parse(body)
	return err
}

// addLibraryDir parses fsys's entries matching glob, in byte order, with ParseFS like the CLI;
// no match is fine.
func addLibraryDir(base *template.Template, fsys fs.FS, glob string) error {
	matches, err := fs.Glob(fsys, glob)
	if err != nil || len(matches) == 0 {
		return err
	}
	_, err = base.ParseFS(fsys, matches...)
	return err
}

// executeRaw is Clone + Parse + Execute with Go's unwrapped errors and the failing stage.
func executeRaw(base *template.Template, body string, data any) (out, stage string, err error) {
	t, err := base.Clone()
	if err != nil {
		return "", "clone", err
	}
	if _, err := t.Parse(body); err != nil {
		return "", "parse", err
	}
	var b strings.Builder
	if err := t.Execute(&b, data); err != nil {
		return "", "exec", err
	}
	return b.String(), "", nil
}

type renderer struct {
	base         *template.Template
	config       any
	skipPatterns []string
}

var missingKey = regexp.MustCompile(`map has no entry for key "(.*)"`)

// execute is the CLI's primitive: parse errors embed the whole text, and an exec error about a
// missing map key is rewritten to `variable "K" not defined`, losing its location.
func (r *renderer) execute(body string) (string, error) {
	out, stage, err := executeRaw(r.base, body, r.config)
	switch {
	case err == nil:
		return out, nil
	case stage == "parse":
		return "", fmt.Errorf("error in %s: %w", body, err)
	}
	var execErr template.ExecError
	if errors.As(err, &execErr) {
		if m := missingKey.FindStringSubmatch(execErr.Err.Error()); len(m) == 2 {
			return "", template.ExecError{Name: execErr.Name, Err: fmt.Errorf("variable %q not defined", m[1])}
		}
	}
	return "", err
}

// bindSkip (re)defines `skip` for the directory being walked. The pattern is joined to the
// directory's source path, rendered again, and remembered once.
func (r *renderer) bindSkip(dir string) {
	r.base.Funcs(template.FuncMap{
		"skip": func(relPattern string) (string, error) {
			pattern, err := r.execute(path.Join(dir, relPattern))
			if err != nil {
				return "", err
			}
			if !slices.Contains(r.skipPatterns, pattern) {
				r.skipPatterns = append(r.skipPatterns, pattern)
			}
			return "", nil
		},
	})
}

func (r *renderer) isSkipped(p string) (bool, error) {
	for _, pattern := range r.skipPatterns {
		match, err := path.Match(pattern, p)
		if err != nil || match {
			return match, err
		}
	}
	return false, nil
}
