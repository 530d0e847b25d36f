"""docs_links.markdown_prose: the pieces of a Markdown document that GitHub renders as prose.

The template-residue rule reads these (a `{{...}}` is legal in Markdown code, not in prose).
"""

from __future__ import annotations

from bricksmith.check.rules import docs_links
from bricksmith.check.rules.docs_links import markdown_prose


def test_code_spans_are_not_prose():
    assert markdown_prose("Pass `{{job.id}}` here, ``a ` b`` too\n") == [
        (1, "Pass "), (1, " here, "), (1, " too")]


def test_fenced_and_indented_code_blocks_are_not_prose():
    doc = "\n".join([
        "```yaml",          # 1
        "id: {{job.id}}",
        "```",
        "",
        "    {{job.id}}",   # 5: indented code
        "",
        "- item",           # 7
        "",
        "  ~~~",
        "  {{job.id}}",     # a fence inside a list item
        "  ~~~",
        "after",            # 12
        "",
    ])
    assert markdown_prose(doc) == [(7, "item"), (12, "after")]


def test_html_comments_are_not_prose_but_raw_html_is():
    doc = "\n".join([
        "<!-- {{ .a }} -->",                   # 1: a comment block
        "Text <!-- {{ .b }} --> more",         # 2: an inline comment
        "",
        "<div>",                               # 4: an HTML block
        "<!-- {{ .c }}",
        "still comment -->",
        '<a href="x">{{ .d }}</a>',            # 7
        "</div>",
        "",
        'Inline <b class="{{ .e }}">bold</b>',  # 10
        "",
    ])
    assert markdown_prose(doc) == [
        (2, "Text "), (2, " more"),
        (4, "<div>"), (7, '<a href="x">{{ .d }}</a>'), (8, "</div>"),
        (10, 'Inline <b class="{{ .e }}">bold</b>'),
    ]


def test_front_matter_is_not_prose():
    doc = "---\ntitle: {{ .project_name }}\n---\n# {{ .title }}\n"
    assert markdown_prose(doc) == [(4, "{{ .title }}")]


def test_lines_of_a_multi_line_paragraph_and_after_it():
    doc = "\n".join([
        "One {{a}}",            # 1
        "two `code`",           # 2
        "three *emphasis",      # 3
        "over lines*",          # 4
        "",
        "Setext heading",       # 6
        "==============",
        "",
        "Last.",                # 9
        "",
    ])
    assert markdown_prose(doc) == [
        (1, "One {{a}}"), (2, "two "), (3, "three emphasis"), (4, "over lines"),
        (6, "Setext heading"), (9, "Last."),
    ]


def test_lines_after_a_link_or_code_span_that_spans_lines():
    doc = "A [link](\nx.md) then {{a}}\n`code\nspan` then {{b}}\n"
    assert markdown_prose(doc) == [(1, "A link"), (2, " then {{a}}"), (4, " then {{b}}")]


def test_table_cells_list_items_quotes_and_link_texts_are_prose():
    doc = "\n".join([
        "| Name | Value |",                   # 1
        "| --- | --- |",
        "| `code` | {{ .v }} |",               # 3
        "",
        "- item {{ .i }}",                     # 5
        "  - [link {{ .t }}]({{.url}})",       # 6: the text is prose, the destination is not
        "  - [text]({{ .url }})",              # 7: not a link (a space), so all of it is text
        "",
        "> quoted &amp; \\{\\{ .q }}",         # 9: entities and escapes as rendered
        "",
    ])
    assert markdown_prose(doc) == [
        (1, "Name"), (1, "Value"), (3, "{{ .v }}"),
        (5, "item {{ .i }}"), (6, "link {{ .t }}"), (7, "[text]({{ .url }})"),
        (9, "quoted & {{ .q }}"),
    ]


def test_a_tag_over_lines_and_footnotes():
    doc = "x <b\nclass=\"y\">z</b>\n\nNote[^1].\n\n[^1]: The {{ .note }}.\n"
    assert markdown_prose(doc) == [
        (1, "x <b"), (2, 'class="y">z</b>'), (4, "Note"), (4, "."), (6, "The {{ .note }}.")]


def test_the_parse_is_cached():
    doc = "# Cached {{x}}\n"
    markdown_prose(doc)
    hits = docs_links._parse.cache_info().hits
    docs_links.anchors(doc)
    markdown_prose(doc)
    assert docs_links._parse.cache_info().hits == hits + 2


def test_empty_and_odd_documents():
    assert markdown_prose("") == []
    assert markdown_prose("\n\n   \n") == []
    assert markdown_prose("```\nunclosed fence {{x}}\n") == []
    assert markdown_prose("<!-- unclosed comment {{x}}\n\nstill comment\n") == []
