"""`bricksmith check`, docs rule: docs-link (relative links and GitHub heading anchors)."""

from __future__ import annotations

import pytest
from checkkit import CLEAN, check, replace, seeded

from bricksmith.check import Problem
from bricksmith.check.rules.docs_links import anchors, heading_text, links, slug


def mine(report) -> list[Problem]:
    return [p for p in report.problems if p.rule == "docs-link"]


def test_clean_fixture_has_no_broken_links():
    assert mine(check(CLEAN)) == []


# --- seeded defects ---------------------------------------------------------------------------


def test_link_to_a_missing_file(tmp_path):
    root = seeded(tmp_path, {"README.md": replace("(resources/training-job.yml)",
                                                  "(resources/training_job.yml)")})
    assert mine(check(root)) == [Problem(
        "README.md", 4, "docs-link", "link target resources/training_job.yml does not exist")]


def test_link_to_a_missing_anchor_in_another_file(tmp_path):
    root = seeded(tmp_path, {"README.md": replace("#deploying-to-staging", "#deploying-to-prod")})
    assert mine(check(root)) == [Problem(
        "README.md", 3, "docs-link",
        "docs/guide.md has no anchor #deploying-to-prod (did you mean #deploying-to-staging?)")]


def test_missing_same_file_anchor_and_missing_relative_parent(tmp_path):
    root = seeded(tmp_path, {
        "README.md": replace("(#layout)", "(#lay-out)"),
        "docs/guide.md": replace("(../README.md)", "(../READ_ME.md)"),
    })
    assert mine(check(root)) == [
        Problem("README.md", 8, "docs-link",
                "this file has no anchor #lay-out (did you mean #layout?)"),
        Problem("docs/guide.md", 3, "docs-link",
                "link target ../READ_ME.md does not exist (READ_ME.md from the project root)"),
    ]


def test_reference_definition_image_and_html_links(tmp_path):
    doc = "\n".join([
        "# Extra",                                   # 1
        "",                                          # 2
        "See [the guide][guide] and ![arch](img/arch.png).",  # 3
        "",                                          # 4
        '<a href="missing.md">x</a> <img src="docs/guide.md">',  # 5
        "",                                          # 6
        "[guide]: docs/gone.md",                     # 7
        "",
    ])
    root = seeded(tmp_path, {"EXTRA.md": doc})
    assert mine(check(root)) == [
        Problem("EXTRA.md", 3, "docs-link", "link target img/arch.png does not exist"),
        Problem("EXTRA.md", 5, "docs-link", "link target missing.md does not exist"),
        Problem("EXTRA.md", 7, "docs-link", "link target docs/gone.md does not exist"),
    ]


def test_line_of_a_link_is_the_line_of_its_target(tmp_path):
    doc = "# X\n\nA [link whose text\nwraps](\nnowhere.md) here.\n"
    root = seeded(tmp_path, {"X.md": doc})
    assert [(p.line, p.message) for p in mine(check(root))] == [
        (5, "link target nowhere.md does not exist")]


def test_what_is_not_checked(tmp_path):
    doc = "\n".join([
        "# Not checked",
        "",
        "```markdown",
        "[in a fence](missing-1.md)",
        "```",
        "",
        "    [indented code](missing-2.md)",
        "",
        "Inline `[code](missing-3.md)`, [web](https://example.com/x.md#nope),",
        "[mail](mailto:a@b.c), [template]({{ .docs_url }}), [var](${var.url}),",
        "<!-- [comment](missing-4.md) -->",
        "",
    ])
    root = seeded(tmp_path, {"NOT.md": doc})
    assert mine(check(root)) == []


def test_directories_encoded_paths_and_line_anchors(tmp_path):
    doc = "\n".join([
        "# Links",
        "[dir](docs/) [dir readme anchor](docs#guide) [spaces](<my notes.md>) [enc](my%20notes.md)",
        "[root-relative](/docs/guide.md#guide) [query](docs/guide.md?plain=1)",
        "[line](src/lib.py#L4) [range](src/lib.py#L1-L5) [past](src/lib.py#L99) [top](#top)",
        "",
    ])
    root = seeded(tmp_path, {"LINKS.md": doc, "my notes.md": "notes\n",
                             "docs/README.md": "# Guide\n"})
    assert mine(check(root)) == [Problem(
        "LINKS.md", 4, "docs-link", "src/lib.py has 5 lines; anchor #L99 is past its end")]


# --- GitHub anchors ---------------------------------------------------------------------------


@pytest.mark.parametrize("heading, anchor", [
    ("Deploying to staging", "deploying-to-staging"),
    ("Hello, World!", "hello-world"),
    ("C# and C++ / `code`", "c-and-c--code"),
    ("`__init__` and __bold__ my_var", "__init__-and-bold-my_var"),
    ("Café Ünïcode — 2024", "café-ünïcode--2024"),
    ("日本語の見出し", "日本語の見出し"),
    ("[Link text](http://x) & more :tada: 🎉", "link-text--more--"),
    ("Step 1: *set up* the `databricks` CLI", "step-1-set-up-the-databricks-cli"),
    ("What's new in v1.2?", "whats-new-in-v12"),
    ("A &amp; B", "a--b"),
    ("snake_case_name", "snake_case_name"),
    ("[`bricksmith check`](docs/check.md) rules", "bricksmith-check-rules"),
])
def test_heading_anchor(heading, anchor):
    assert slug(heading_text(heading)) == anchor


def test_duplicates_setext_explicit_and_code_headings():
    doc = "\n".join([
        "# Repeat", "## Repeat", "### Repeat", "## Repeat-1",
        "Setext title", "============",
        "Another one", "-----------",
        '<a name="custom-anchor"></a>',
        '<div id="section-id">x</div>',
        "",  # an HTML block runs to a blank line: without it, what follows would be HTML
        "```", "# not a heading", "```",
        "# Closing hashes ##",
        "",
    ])
    assert anchors(doc) == [
        "repeat", "repeat-1", "repeat-2", "repeat-1-1", "setext-title", "another-one",
        "closing-hashes", "custom-anchor", "section-id",
    ]


def test_a_list_item_then_a_rule_is_not_a_heading():
    assert anchors("# Top\n\n- item\n---\n") == ["top"]


def test_front_matter_is_not_scanned():
    doc = "---\ntitle: x\nlink: '[a](b.md)'\n---\n# Body\n[c](d.md)\n"
    assert links(doc) == [(6, "d.md")]
    assert anchors(doc) == ["body"]


def test_rule_example_is_what_the_check_prints(tmp_path):
    from bricksmith.check.rules.docs_links import RULES

    root = seeded(tmp_path, {"README.md": replace("#deploying-to-staging", "#deploying-to-prod")})
    assert [p.text() for p in mine(check(root))] == [RULES[0].example]


# --- CommonMark cases (markdown-it-py parses; the old hand-written scanner got these wrong) ---


def found(tmp_path, doc: str) -> list[tuple[int, str]]:
    """(line, message) of each docs-link problem of a project whose DOC.md is `doc`."""
    root = seeded(tmp_path, {"DOC.md": doc})
    return [(p.line, p.message) for p in mine(check(root)) if p.path == "DOC.md"]


def test_line_of_each_link_after_links_and_code_that_span_lines(tmp_path):
    doc = "\n".join([
        "# Lines",                             # 1
        "",                                    # 2
        "A [link whose text",                  # 3
        "wraps](gone-1.md), [b](",             # 4
        "gone-2.md) and [c](gone-3.md), `a",   # 5
        "code span` [d](gone-4.md)",           # 6
        "![alt",                               # 7
        "text](gone-5.png) [e](gone-6.md)",    # 8
        "",
    ])
    assert found(tmp_path, doc) == [
        (4, "link target gone-1.md does not exist"),
        (5, "link target gone-2.md does not exist"),
        (5, "link target gone-3.md does not exist"),
        (6, "link target gone-4.md does not exist"),
        (8, "link target gone-5.png does not exist"),
        (8, "link target gone-6.md does not exist"),
    ]


def test_fenced_code_inside_a_list_item_is_code(tmp_path):
    doc = "\n".join([
        "# Steps",
        "",
        "1. Run:",
        "",
        "    ```text",
        "    [in a fence](missing-1.md)",
        "    ```",
        "2. Then:",
        "   ~~~",
        "   [in a fence](missing-2.md)",
        "   ~~~",
        "",
        "- item",
        "",
        "      [indented code in an item](missing-3.md)",
        "",
    ])
    assert found(tmp_path, doc) == []


def test_reference_definitions_and_their_uses(tmp_path):
    doc = "\n".join([
        "[guide]: docs/gone.md",                  # 1: defined before its use
        "[Other Label]:",                         # 2
        "  <other gone.md> 'a title'",            # 3: the destination on the next line
        "",
        "# Refs",
        "",
        "See [guide], [the guide][guide], [x][OTHER label] and [undefined][nothing].",
        "",
        "> [quoted]: quoted-gone.md",            # 9
        "",
        "[guide]: docs/ignored.md",               # a second definition of a label is not one
        "",
    ])
    assert found(tmp_path, doc) == [
        (1, "link target docs/gone.md does not exist"),
        (3, "link target other gone.md does not exist"),
        (9, "link target quoted-gone.md does not exist"),
    ]


def test_nested_brackets_titles_and_escapes(tmp_path):
    doc = "\n".join([
        "# Brackets",                                    # 1
        "",                                              # 2
        "[a [nested] text](gone-1.md)",                  # 3
        "[![badge](gone-2.svg)](gone-3.md)",             # 4
        '[titled](gone-4.md "a title (with) parens")',   # 5
        "[titled](gone-5.md 'single') [p](gone-6.md (paren title))",  # 6
        "[b](gone-7.md",                                 # 7
        '"title on the next line")',                     # 8
        r"\[escaped](not-a-link.md) [text \] bracket](gone-8.md)",  # 9
        "[balanced](gone(9).md) [angle](<gone 10.md>)",  # 10
        "[not a link](two words.md)",                    # 11: a space ends the destination
        "",
    ])
    assert found(tmp_path, doc) == [
        (3, "link target gone-1.md does not exist"),
        (4, "link target gone-2.svg does not exist"),
        (4, "link target gone-3.md does not exist"),
        (5, "link target gone-4.md does not exist"),
        (6, "link target gone-5.md does not exist"),
        (6, "link target gone-6.md does not exist"),
        (7, "link target gone-7.md does not exist"),
        (9, "link target gone-8.md does not exist"),
        (10, "link target gone 10.md does not exist"),
        (10, "link target gone(9).md does not exist"),
    ]


def test_html_blocks_run_to_a_blank_line_and_code_spans_match_their_backticks(tmp_path):
    doc = "\n".join([
        "# HTML",                                      # 1
        "",                                            # 2
        "<details>",                                   # 3
        "[raw HTML, not Markdown](not-a-link.md)",     # 4
        '<a class="x"',                                # 5
        '   href="gone-1.md">wrapped tag</a>',         # 6
        "",                                            # 7
        "[Markdown again](gone-2.md)",                 # 8
        "",                                            # 9
        "``code with a ` [tick](not-a-link-2.md)`` [after](gone-3.md)",  # 10
        "<!-- a comment",                              # 11
        "[over lines](not-a-link-3.md) -->",           # 12
        "[after the comment](gone-4.md)",              # 13
        "",
        "</details>",
        "",
    ])
    assert found(tmp_path, doc) == [
        (6, "link target gone-1.md does not exist"),
        (8, "link target gone-2.md does not exist"),
        (10, "link target gone-3.md does not exist"),
        (13, "link target gone-4.md does not exist"),
    ]


def test_tables_footnotes_and_lazy_lines(tmp_path):
    doc = "\n".join([
        "# More",                                 # 1
        "",                                       # 2
        "| Doc | Where |",                        # 3
        "| --- | --- |",                          # 4
        "| [x](gone-1.md) | `[y](not-a-link.md)` |",  # 5
        "",                                       # 6
        "A note[^1].",                            # 7
        "",                                       # 8
        "[^1]: See [the note](gone-2.md).",       # 9
        "",                                       # 10
        "A paragraph",                            # 11
        "    [lazy, not code](gone-3.md)",        # 12: indented lines go on a paragraph
        "and an inline <a class=x",               # 13
        '  href="gone-4.md">tag</a>',             # 14
        "",
    ])
    assert found(tmp_path, doc) == [
        (5, "link target gone-1.md does not exist"),
        (9, "link target gone-2.md does not exist"),
        (12, "link target gone-3.md does not exist"),
        (14, "link target gone-4.md does not exist"),
    ]


def test_headings_anywhere_have_anchors_and_html_blocks_hide_markdown():
    doc = "\n".join([
        "> ## Quoted heading",
        "",
        "- ### In a list",
        "",
        "<div>",
        "# Raw text, not a heading",
        "</div>",
        "",
        "Title with `code` and\\",
        "a hard break",
        "---",
        "",
        '<p id="para">x <span id=inline-id>y</span></p>',
        "",
        'Inline <a name="in-text"></a> anchor and <!-- <a name="commented"></a> -->.',
        "",
        "## Noted[^n]",  # a footnote reference renders as its number
        "",
        "[^n]: The note.",
        "",
    ])
    assert anchors(doc) == ["quoted-heading", "in-a-list", "title-with-code-anda-hard-break",
                            "noted1", "para", "inline-id", "in-text"]
