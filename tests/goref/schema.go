package main

// The template schema (databricks_template_schema.json): loading and static validation, after
// the CLI's libs/jsonschema. Where the CLI iterates a Go map (so which bad property it reports
// is random), this iterates property names in byte order.

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
)

const (
	cliVersion          = "v1.13.0"
	latestSchemaVersion = 1
)

// Schema is named like the CLI's type because encoding/json quotes the struct name in errors
// ("cannot unmarshal ... into Go struct field Schema.properties.order of type int").
type Schema struct {
	Type                       string             `json:"type,omitempty"`
	Description                string             `json:"description,omitempty"`
	Const                      any                `json:"const,omitempty"`
	Properties                 map[string]*Schema `json:"properties,omitempty"`
	AdditionalProperties       any                `json:"additionalProperties,omitempty"`
	Required                   []string           `json:"required,omitempty"`
	Default                    any                `json:"default,omitempty"`
	Enum                       []any              `json:"enum,omitempty"`
	Pattern                    string             `json:"pattern,omitempty"`
	AnyOf                      []Schema           `json:"anyOf,omitempty"`
	Order                      *int               `json:"order,omitempty"`
	WelcomeMessage             string             `json:"welcome_message,omitempty"`
	SuccessMessage             string             `json:"success_message,omitempty"`
	PatternMatchFailureMessage string             `json:"pattern_match_failure_message,omitempty"`
	MinDatabricksCliVersion    string             `json:"min_databricks_cli_version,omitempty"`
	SkipPromptIf               *Schema            `json:"skip_prompt_if,omitempty"`
	Version                    *int               `json:"version,omitempty"`
	TemplateDir                string             `json:"template_dir,omitempty"`
	Format                     string             `json:"format,omitempty"`
}

// loadSchema reads and statically validates the schema at path; the caller wraps its errors in
// "failed to load schema: ".
func loadSchema(path string) (*Schema, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	s := &Schema{}
	if err := json.Unmarshal(b, s); err != nil {
		return nil, err
	}
	// JSON numbers arrive as float64: integer properties get int64 values, top level only.
	for _, name := range s.names() {
		p := s.Properties[name]
		if p.Type != "integer" {
			continue
		}
		if p.Default != nil {
			if p.Default, err = toInteger(p.Default); err != nil {
				return nil, fmt.Errorf("failed to parse default value for property %s: %w", name, err)
			}
		}
		if p.Const != nil {
			if p.Const, err = toInteger(p.Const); err != nil {
				return nil, fmt.Errorf("failed to parse const value for property %s: %w", name, err)
			}
		}
		for i, e := range p.Enum {
			if p.Enum[i], err = toInteger(e); err != nil {
				return nil, fmt.Errorf("failed to parse enum value %v at index %v for property %s: %w", e, i, name, err)
			}
		}
	}
	return s, s.validate()
}

func (s *Schema) names() []string {
	names := make([]string, 0, len(s.Properties))
	for name := range s.Properties {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// orderedNames: properties with an order first (ascending), then the rest; ties by name.
func (s *Schema) orderedNames() []string {
	names := s.names()
	sort.SliceStable(names, func(i, j int) bool {
		a, b := s.Properties[names[i]].Order, s.Properties[names[j]].Order
		switch {
		case a != nil && b != nil:
			return *a < *b
		case a != nil || b != nil:
			return a != nil
		}
		return false
	})
	return names
}

func (s *Schema) validate() error {
	checks := []func(name string, p *Schema) error{
		checkTypeName, checkDefaultType, checkEnumTypes, checkConstType, checkDefaultInEnum, checkPattern,
	}
	for _, check := range checks {
		for _, name := range s.names() {
			if err := check(name, s.Properties[name]); err != nil {
				return err
			}
		}
	}
	if err := checkMinVersion(s.MinDatabricksCliVersion); err != nil {
		return err
	}
	for _, name := range s.names() {
		if p := s.Properties[name]; p.SkipPromptIf != nil && p.Default == nil {
			return fmt.Errorf("property %q has a skip_prompt_if clause but no default value", name)
		}
	}
	return nil
}

func checkTypeName(_ string, p *Schema) error {
	switch p.Type {
	case "number", "boolean", "string", "integer", "object", "array":
		return nil
	case "int", "int32", "int64":
		return fmt.Errorf("type %s is not a recognized json schema type. Please use \"integer\" instead", p.Type)
	case "float", "float32", "float64":
		return fmt.Errorf("type %s is not a recognized json schema type. Please use \"number\" instead", p.Type)
	case "bool":
		return fmt.Errorf("type %s is not a recognized json schema type. Please use \"boolean\" instead", p.Type)
	}
	return fmt.Errorf("type %s is not a recognized json schema type", p.Type)
}

func checkDefaultType(name string, p *Schema) error {
	if p.Default == nil {
		return nil
	}
	if err := validateType(p.Default, p.Type); err != nil {
		return fmt.Errorf("type validation for default value of property %s failed: %w", name, err)
	}
	return nil
}

func checkEnumTypes(name string, p *Schema) error {
	for i, e := range p.Enum {
		if err := validateType(e, p.Type); err != nil {
			return fmt.Errorf("type validation for enum at index %v failed for property %s: %w", i, name, err)
		}
	}
	return nil
}

func checkConstType(name string, p *Schema) error {
	if p.Const == nil {
		return nil
	}
	if err := validateType(p.Const, p.Type); err != nil {
		return fmt.Errorf("type validation for const value of property %s failed: %w", name, err)
	}
	return nil
}

func checkDefaultInEnum(name string, p *Schema) error {
	if p.Default != nil && p.Enum != nil && !slices.Contains(p.Enum, p.Default) {
		return fmt.Errorf("list of enum values for property %s does not contain default value %v: %v", name, p.Default, p.Enum)
	}
	return nil
}

func checkPattern(name string, p *Schema) error {
	if p.Pattern == "" {
		return nil
	}
	if p.Type != "string" {
		return fmt.Errorf("property %q has a non-empty regex pattern %q specified. Patterns are only supported for string properties", name, p.Pattern)
	}
	re, err := regexp.Compile(p.Pattern)
	if err != nil {
		return fmt.Errorf("invalid regex pattern %q provided for property %q: %w", p.Pattern, name, err)
	}
	for i, e := range p.Enum {
		if !re.MatchString(e.(string)) {
			return fmt.Errorf("enum value %q at index %v for property %q does not match specified regex pattern: %q", e, i, name, p.Pattern)
		}
	}
	return nil
}

func checkMinVersion(min string) error {
	if min == "" {
		return nil
	}
	v, ok := parseSemver(min)
	if !ok {
		return fmt.Errorf("invalid minimum CLI version %q specified. Please specify the version in the format v0.0.0", min)
	}
	current, _ := parseSemver(cliVersion)
	if compareSemver(v, current) > 0 {
		return fmt.Errorf("minimum CLI version %q is greater than current CLI version %q. Please upgrade your current Databricks CLI", min, cliVersion)
	}
	return nil
}

// templateChecks are the template layer's own checks, reported without the schema prefix.
func (s *Schema) templateChecks() error {
	for _, name := range s.names() {
		if t := s.Properties[name].Type; t == "array" || t == "object" {
			return fmt.Errorf("property type %s is not supported by bundle templates", t)
		}
	}
	if s.Version != nil && *s.Version > latestSchemaVersion {
		return fmt.Errorf("template schema version %d is not supported by this version of the CLI. Please upgrade your CLI to the latest version", *s.Version)
	}
	for _, name := range s.names() {
		if s.Properties[name].Description == "" {
			return fmt.Errorf("template property %s is missing a description", name)
		}
	}
	return nil
}

// semver is golang.org/x/mod/semver's notion: vMAJOR[.MINOR[.PATCH[-PRERELEASE][+BUILD]]],
// no leading zeros; missing minor/patch count as 0.
type semver struct {
	nums [3]string
	pre  string
}

var semverRe = regexp.MustCompile(`^v(0|[1-9][0-9]*)(?:\.(0|[1-9][0-9]*)(?:\.(0|[1-9][0-9]*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?)?)?$`)

func parseSemver(v string) (semver, bool) {
	m := semverRe.FindStringSubmatch(v)
	if m == nil {
		return semver{}, false
	}
	s := semver{nums: [3]string{m[1], m[2], m[3]}, pre: m[4]}
	for i, n := range s.nums {
		if n == "" {
			s.nums[i] = "0"
		}
	}
	for _, id := range strings.Split(s.pre, ".") {
		if len(id) > 1 && id[0] == '0' && isDigits(id) {
			return semver{}, false
		}
	}
	return s, true
}

func compareSemver(a, b semver) int {
	for i := range a.nums {
		if c := compareNumeric(a.nums[i], b.nums[i]); c != 0 {
			return c
		}
	}
	switch {
	case a.pre == b.pre:
		return 0
	case a.pre == "":
		return 1
	case b.pre == "":
		return -1
	}
	ai, bi := strings.Split(a.pre, "."), strings.Split(b.pre, ".")
	for i := 0; i < len(ai) && i < len(bi); i++ {
		x, y := ai[i], bi[i]
		if x == y {
			continue
		}
		xd, yd := isDigits(x), isDigits(y)
		switch {
		case xd && yd:
			return compareNumeric(x, y)
		case xd:
			return -1
		case yd:
			return 1
		}
		return strings.Compare(x, y)
	}
	return len(ai) - len(bi)
}

func compareNumeric(x, y string) int {
	if len(x) != len(y) {
		return len(x) - len(y)
	}
	return strings.Compare(x, y)
}

func isDigits(s string) bool {
	_, err := strconv.ParseUint(s, 10, 64)
	return err == nil || strings.Trim(s, "0123456789") == ""
}
