package main

// The file tree: breadth-first walk of template/ rendering into memory, then skip filtering,
// the collision check, writes and the visited directories (libs/template/renderer.go + filer).

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	clitemplate "goref/template"
)

type outFile struct {
	relPath string
	perm    fs.FileMode
	content []byte
	copied  bool // not a .tmpl: srcPath's bytes are copied when written
	srcPath string
}

type walker struct {
	r       *renderer
	srcFS   fs.FS
	files   []outFile
	visited []string
}

// walk renders every directory in BFS order: a directory's files before any subdirectory, so
// skip patterns registered by files can drop subdirectories before they are read.
func (w *walker) walk() error {
	queue := []string{"."}
	for len(queue) > 0 {
		dir := queue[0]
		queue = queue[1:]
		instanceDir, err := w.r.execute(dir)
		if err != nil {
			return err
		}
		skipped, err := w.r.isSkipped(instanceDir)
		if err != nil {
			return err
		}
		if skipped {
			continue // the whole subtree: never read, rendered or created
		}
		w.visited = append(w.visited, instanceDir)
		w.r.bindSkip(dir)
		entries, err := fs.ReadDir(w.srcFS, dir)
		if err != nil {
			return err
		}
		for _, entry := range entries {
			src := path.Join(dir, entry.Name())
			if entry.IsDir() {
				queue = append(queue, src)
				continue
			}
			f, err := w.computeFile(src)
			if err != nil {
				return err
			}
			w.files = append(w.files, f)
		}
	}
	return nil
}

const templateExtension = ".tmpl"

func (w *walker) computeFile(src string) (outFile, error) {
	info, err := fs.Stat(w.srcFS, src)
	if err != nil {
		return outFile{}, err
	}
	// The owner can always write what was generated.
	f := outFile{perm: info.Mode().Perm() | 0o200, srcPath: src}
	if f.relPath, err = w.r.execute(src); err != nil {
		return outFile{}, err
	}
	if !strings.HasSuffix(src, templateExtension) {
		f.copied = true
		return f, nil
	}
	f.relPath = strings.TrimSuffix(f.relPath, templateExtension)
	body, err := fs.ReadFile(w.srcFS, src)
	if err != nil {
		return outFile{}, err
	}
	content, err := w.r.execute(string(body))
	if target := (&clitemplate.ErrFail{}); errors.As(err, target) {
		return outFile{}, target
	}
	if err != nil {
		return outFile{}, fmt.Errorf("failed to compute file content for %s. %w", src, err)
	}
	f.content = []byte(content)
	return f, nil
}

// localRoot joins like the CLI's filer: a plain string-prefix test for escaping the root.
type localRoot string

func (root localRoot) join(name string) (string, error) {
	abs := filepath.Join(string(root), name)
	if !strings.HasPrefix(abs, string(root)) {
		return "", fmt.Errorf("relative path escapes root: %s", name)
	}
	return abs, nil
}

// persist writes the non-skipped files and creates the visited directories; it returns the
// written relative paths, sorted.
func (w *walker) persist(root localRoot) ([]string, error) {
	var keep []outFile
	for _, f := range w.files {
		skipped, err := w.r.isSkipped(f.relPath)
		if err != nil {
			return nil, err
		}
		if !skipped {
			keep = append(keep, f)
		}
	}
	for _, f := range keep {
		if err := checkAbsent(root, f.relPath); err != nil {
			return nil, err
		}
	}
	var written []string
	for _, f := range keep {
		if err := w.write(root, f); err != nil {
			return nil, err
		}
		written = append(written, f.relPath)
	}
	for _, dir := range w.visited {
		if dir == "." {
			continue // created only by writing under it
		}
		abs, err := root.join(dir)
		if err == nil {
			err = os.MkdirAll(abs, 0o755)
		}
		if err != nil {
			return nil, fmt.Errorf("failed to create directory %s: %w", dir, err)
		}
	}
	sort.Strings(written)
	return written, nil
}

func checkAbsent(root localRoot, rel string) error {
	abs, err := root.join(rel)
	if err == nil {
		_, err = os.Stat(abs)
		if err == nil {
			return fmt.Errorf("failed to initialize template, one or more files already exist: %s", rel)
		}
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
	}
	return fmt.Errorf("error while verifying file %s does not already exist: %w", rel, err)
}

// write creates the file exclusively, making parent directories when needed.
func (w *walker) write(root localRoot, f outFile) error {
	var src io.Reader
	if !f.copied {
		src = strings.NewReader(string(f.content))
	} else {
		in, err := w.srcFS.Open(f.srcPath)
		if err != nil {
			return err
		}
		defer in.Close()
		src = in
	}
	abs, err := root.join(f.relPath)
	if err != nil {
		return err
	}
	const flags = os.O_WRONLY | os.O_CREATE | os.O_EXCL
	out, err := os.OpenFile(abs, flags, f.perm)
	if os.IsNotExist(err) {
		if err = os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
			return err
		}
		out, err = os.OpenFile(abs, flags, f.perm)
	}
	switch {
	case os.IsNotExist(err):
		return fmt.Errorf("no such directory: %s", abs)
	case os.IsExist(err):
		return fmt.Errorf("file already exists: %s", abs)
	case err != nil:
		return err
	}
	_, err = io.Copy(out, src)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return err
}
