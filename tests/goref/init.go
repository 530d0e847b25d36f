package main

// `goref init`: `databricks bundle init` without prompts, on a local template.
//
// Request:  {"template_root": dir, "output_dir": dir, "config_file": path | null,
//            "libraries": [dir, ...], "facts": {...}}
// Response: {"outputs": [relpath, ...] | null, "welcome": text, "success": text}
//           or {"error": "<what the CLI prints after 'Error: '>"}
//
// "libraries" are parsed before the template's own library/, where the CLI parses its shared
// library. welcome/success are the rendered messages ("" when the schema has none, except the
// default success text). Texts follow protocol.go (error_b64 etc. for non-UTF-8).

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

type initRequest struct {
	TemplateRoot string   `json:"template_root"`
	OutputDir    string   `json:"output_dir"`
	ConfigFile   *string  `json:"config_file"`
	Libraries    []string `json:"libraries"`
	Facts        facts    `json:"facts"`
}

type initResult struct {
	outputs          []string
	welcome, success string
}

func runInit(in io.Reader, out io.Writer) error {
	var req initRequest
	if err := readRequest(in, &req); err != nil {
		return err
	}
	res := map[string]any{}
	result, err := initTemplate(&req)
	if err != nil {
		putText(res, "error", err.Error())
	} else {
		res["outputs"] = result.outputs
		putText(res, "welcome", result.welcome)
		putText(res, "success", result.success)
	}
	return writeResponse(out, res)
}

const (
	schemaFile     = "databricks_template_schema.json"
	defaultSuccess = "✨ Successfully initialized template"
)

// initTemplate follows the CLI's order of operations, so the same error wins.
func initTemplate(req *initRequest) (initResult, error) {
	var res initResult
	schemaPath := filepath.Join(req.TemplateRoot, schemaFile)
	if _, err := os.Stat(schemaPath); errors.Is(err, fs.ErrNotExist) {
		return res, fmt.Errorf("not a bundle template: expected to find a template schema file at %s", schemaFile)
	}
	s, err := loadSchema(schemaPath)
	if err != nil {
		return res, fmt.Errorf("failed to load schema: %w", err)
	}
	// template_dir moves template/ and library/; the schema stays.
	dir := req.TemplateRoot
	if s.TemplateDir != "" {
		dir = filepath.Join(req.TemplateRoot, s.TemplateDir)
		if _, err := os.Stat(dir); err != nil {
			return res, fmt.Errorf("template directory %s not found", dir)
		}
	}
	if err := s.templateChecks(); err != nil {
		return res, err
	}
	s.AdditionalProperties = false

	values := map[string]any{}
	if req.ConfigFile != nil {
		if err := s.loadConfigFile(*req.ConfigFile, values); err != nil {
			return res, err
		}
	}

	r := &renderer{base: newBase(newHelpers(&req.Facts)), config: values}
	for _, lib := range req.Libraries {
		if err := addLibraryDir(r.base, os.DirFS(lib), "*"); err != nil {
			return res, err
		}
	}
	if err := addLibraryDir(r.base, os.DirFS(dir), "library/*"); err != nil {
		return res, err
	}

	if s.WelcomeMessage != "" {
		if res.welcome, err = r.execute(s.WelcomeMessage); err != nil {
			return res, err
		}
	}
	if err := s.assignDefaults(r, values, &req.Facts); err != nil {
		return res, err
	}
	if err := s.validateFinal(values); err != nil {
		return res, err
	}

	w := &walker{r: r, srcFS: os.DirFS(filepath.Join(dir, "template"))}
	if err := w.walk(); err != nil {
		return res, err
	}
	outDir, err := filepath.Abs(req.OutputDir)
	if err != nil {
		return res, err
	}
	if res.outputs, err = w.persist(localRoot(outDir)); err != nil {
		return res, err
	}

	res.success = defaultSuccess
	if s.SuccessMessage != "" {
		if res.success, err = r.execute(s.SuccessMessage); err != nil {
			return res, err
		}
	}
	return res, nil
}
