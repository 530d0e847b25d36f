package main

// Config values: the --config-file, non-interactive defaults and validation, after the CLI's
// libs/template/config.go and libs/jsonschema. Map iteration is by sorted key (the CLI's order
// is random, so any error it reports first is one of those reported here).

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
)

func toInteger(v any) (int64, error) {
	switch x := v.(type) {
	case float64:
		if x != float64(int64(x)) {
			return 0, fmt.Errorf("expected integer value, got: %v", v)
		}
		return int64(x), nil
	case int:
		return int64(x), nil
	case int64:
		return x, nil
	}
	return 0, fmt.Errorf("cannot convert %#v to an integer", v)
}

func validateType(v any, typ string) error {
	ok := true
	name := typ
	switch typ {
	case "string":
		_, ok = v.(string)
	case "boolean":
		_, ok = v.(bool)
	case "integer":
		k := kindOf(v)
		ok = k >= reflect.Int && k <= reflect.Uint64
	case "number":
		// The CLI panics on null here (reflect.TypeOf(nil).Kind()); reported as a type error.
		k := kindOf(v)
		ok, name = k == reflect.Float32 || k == reflect.Float64, "float"
	default:
		return nil
	}
	if !ok {
		return fmt.Errorf("expected type %s, but value is %#v", name, v)
	}
	return nil
}

func kindOf(v any) reflect.Kind {
	if v == nil {
		return reflect.Invalid
	}
	return reflect.TypeOf(v).Kind()
}

// defaultString is the default as text to be rendered: numbers without exponent.
func defaultString(v any, typ string) (string, error) {
	switch typ {
	case "boolean":
		b, ok := v.(bool)
		if !ok {
			return "", fmt.Errorf("expected bool, got: %#v", v)
		}
		return strconv.FormatBool(b), nil
	case "string":
		s, ok := v.(string)
		if !ok {
			return "", fmt.Errorf("expected string, got: %#v", v)
		}
		return s, nil
	case "number":
		f, ok := v.(float64)
		if !ok {
			return "", fmt.Errorf("expected float, got: %#v", v)
		}
		return strconv.FormatFloat(f, 'f', -1, 64), nil
	case "integer":
		i, err := toInteger(v)
		if err != nil {
			return "", err
		}
		return strconv.FormatInt(i, 10), nil
	}
	return "", fmt.Errorf("unknown json schema type: %q", typ)
}

// parseTyped converts a rendered default back to the property's type.
func parseTyped(s, typ string) (any, error) {
	var v any
	var err error
	switch typ {
	case "string":
		return s, nil
	case "boolean":
		v, err = strconv.ParseBool(s)
	case "number":
		v, err = strconv.ParseFloat(s, 64)
	case "integer":
		v, err = strconv.ParseInt(s, 10, 64)
	default:
		return "", fmt.Errorf("unknown json schema type: %q", typ)
	}
	if errors.Is(err, strconv.ErrSyntax) {
		return nil, fmt.Errorf("%q is not a %s", s, typ)
	}
	return v, err
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// validateInstance applies the schema to a config map, check by check, like ValidateInstance.
func (s *Schema) validateInstance(instance map[string]any) error {
	keys := sortedKeys(instance)
	if s.AdditionalProperties == false {
		for _, k := range keys {
			if _, ok := s.Properties[k]; !ok {
				return fmt.Errorf("property %s is not defined in the schema", k)
			}
		}
	}
	for _, k := range keys {
		if p, ok := s.Properties[k]; ok && p.Enum != nil && !slices.Contains(p.Enum, instance[k]) {
			return fmt.Errorf("expected value of property %s to be one of %v. Found: %v", k, p.Enum, instance[k])
		}
	}
	for _, name := range s.Required {
		if _, ok := instance[name]; !ok {
			return fmt.Errorf("no value provided for required property %s", name)
		}
	}
	for _, k := range keys {
		if p, ok := s.Properties[k]; ok {
			if err := validateType(instance[k], p.Type); err != nil {
				return fmt.Errorf("incorrect type for property %s: %w", k, err)
			}
		}
	}
	for _, k := range keys {
		if p, ok := s.Properties[k]; ok {
			if err := validatePattern(k, instance[k], p); err != nil {
				return err
			}
		}
	}
	for _, k := range keys {
		if p, ok := s.Properties[k]; ok && p.Const != nil && instance[k] != p.Const {
			return fmt.Errorf("expected value of property %s to be %v. Found: %v", k, p.Const, instance[k])
		}
	}
	if s.AnyOf == nil {
		return nil
	}
	if len(s.AnyOf) == 0 {
		return errors.New("anyOf must contain at least one schema")
	}
	for i := range s.AnyOf {
		if s.AnyOf[i].validateInstance(instance) == nil {
			return nil
		}
	}
	return errors.New("instance does not match any of the schemas in anyOf")
}

func validatePattern(name string, v any, p *Schema) error {
	if p.Pattern == "" {
		return nil
	}
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("invalid value for %s: %v. Expected a value of type string", name, v)
	}
	match, err := regexp.MatchString(p.Pattern, s)
	if err != nil || match {
		return err
	}
	msg := p.PatternMatchFailureMessage
	if msg == "" {
		msg = "Expected to match regex pattern: " + p.Pattern
	}
	return fmt.Errorf("invalid value for %s: %q. %s", name, v, msg)
}

// loadConfigFile reads --config-file into values: integer properties converted, the file
// validated on its own (unknown keys allowed, then dropped).
func (s *Schema) loadConfigFile(path string, values map[string]any) error {
	wrap := func(err error) error {
		return fmt.Errorf("failed to load config from file %s: %w", path, err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return wrap(err)
	}
	instance := map[string]any{}
	if err := json.Unmarshal(b, &instance); err != nil {
		return wrap(err)
	}
	for _, name := range sortedKeys(instance) {
		if p, ok := s.Properties[name]; ok && p.Type == "integer" {
			if instance[name], err = toInteger(instance[name]); err != nil {
				return wrap(fmt.Errorf("failed to parse property %s: %w", name, err))
			}
		}
	}
	s.AdditionalProperties = true
	err = s.validateInstance(instance)
	s.AdditionalProperties = false
	if err != nil {
		return wrap(err)
	}
	for name, v := range instance {
		if _, ok := s.Properties[name]; ok {
			values[name] = v
		}
	}
	return nil
}

// assignDefaults is the non-interactive fill: in property order, a format resolver or the
// default rendered with the config so far and parsed back to the property's type.
func (s *Schema) assignDefaults(r *renderer, values map[string]any, f *facts) error {
	for _, name := range s.orderedNames() {
		p := s.Properties[name]
		if _, ok := values[name]; ok {
			continue
		}
		if p.Format != "" {
			values[name] = ""
			if p.Format == "warehouse_path" {
				path, err := f.warehousePath()
				if err != nil {
					return err
				}
				values[name] = path
			}
			continue
		}
		if p.Default == nil {
			continue
		}
		raw, err := defaultString(p.Default, p.Type)
		if err != nil {
			return err
		}
		rendered, err := r.execute(raw)
		if err != nil {
			return err
		}
		if values[name], err = parseTyped(rendered, p.Type); err != nil {
			delete(values, name)
			return err
		}
	}
	return nil
}

// validateFinal makes every property required.
func (s *Schema) validateFinal(values map[string]any) error {
	s.Required = s.names()
	if err := s.validateInstance(values); err != nil {
		return fmt.Errorf("validation for template input parameters failed. %w", err)
	}
	return nil
}
