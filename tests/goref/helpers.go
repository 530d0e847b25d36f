package main

// The CLI's helper FuncMap (libs/template/helpers.go), with workspace calls answered from facts.
// Signatures are the CLI's: they decide how text/template converts and checks arguments.

import (
	"crypto/rand"
	"fmt"
	randv2 "math/rand/v2"
	"net/url"
	"os"
	"regexp"
	"strings"
	"text/template"

	clitemplate "goref/template"
)

func newHelpers(f *facts) template.FuncMap {
	return template.FuncMap{
		"fail": clitemplate.Fail,
		"url": func(rawURL string) (*url.URL, error) {
			return url.Parse(rawURL)
		},
		"regexp": func(expr string) (*regexp.Regexp, error) {
			return regexp.Compile(expr)
		},
		// math/rand/v2: n <= 0 panics "invalid argument to IntN", which text/template reports.
		"random_int": func(n int) int {
			return randv2.IntN(n)
		},
		"uuid": newUUID,
		"bundle_uuid": func() string {
			return f.BundleUUID
		},
		"pair": clitemplate.Pair,
		"map":  clitemplate.Map,
		"smallest_node_type": func() (string, error) {
			return f.nodeType()
		},
		"path_separator": func() string {
			return string(os.PathSeparator)
		},
		"workspace_host": func() (string, error) {
			return f.host()
		},
		"user_name": func() (string, error) {
			return f.UserName, nil
		},
		"short_name": func() (string, error) {
			return f.shortName(), nil
		},
		"default_catalog": func() (string, error) {
			return f.DefaultCatalog, nil
		},
		"is_service_principal": func() (bool, error) {
			return f.servicePrincipal(), nil
		},
		"lower": func(s string) string {
			return strings.ToLower(s)
		},
		"upper": func(s string) string {
			return strings.ToUpper(s)
		},
		"record_deployment_history": recordDeploymentHistory,
	}
}

// newUUID returns a random version 4 UUID in canonical lowercase form.
func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
