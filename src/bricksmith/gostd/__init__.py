"""Ports of the Go standard-library pieces that templates can observe.

* `regexp` — Go's regexp (RE2 syntax and semantics, Go's error messages), used by the `regexp`
  template helper and for schema `pattern` validation.
* `url` — Go's net/url parsing and formatting, behind the `url` template helper.
* `path` — Go's path package (Match, Join, Clean, Base, Dir, Ext), used by `skip`.

Supporting modules: `regexp_syntax` (Go's regexp parser and the translation to C++ RE2),
`uniclass` and `unicode_tables` (Go's Unicode 17 data: classes, scripts, case folding).
"""
