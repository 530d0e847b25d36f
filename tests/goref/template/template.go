// Package template holds the helper types whose Go type names are visible to templates.
//
// `%T` of a pair prints "template.pair" and `map "a"` fails with "expected template.pair", because
// the CLI declares them in its package libs/template. reflect names a type by its package's name,
// so the reference renderer must declare them in a package called template too.
package template

import "fmt"

// ErrFail is the error returned by the `fail` helper; the walk unwraps it so that a failing file
// reports only the message.
type ErrFail struct {
	msg string
}

func (err ErrFail) Error() string {
	return err.msg
}

// Fail is the `fail` helper: it always errors, formatting like fmt.Sprintf.
func Fail(format string, args ...any) (any, error) {
	return nil, ErrFail{fmt.Sprintf(format, args...)}
}

// pair has unexported fields on purpose: templates cannot read `.k`/`.v`, as with the CLI.
type pair struct {
	k string
	v any
}

// Pair is the `pair` helper.
func Pair(k string, v any) pair {
	return pair{k, v}
}

// Map is the `map` helper: later duplicate keys win.
func Map(pairs ...pair) map[string]any {
	result := make(map[string]any, 0)
	for _, p := range pairs {
		result[p.k] = p.v
	}
	return result
}
