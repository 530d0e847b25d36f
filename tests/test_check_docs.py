"""`bricksmith check`, docs rule: docs-link (relative links and GitHub heading anchors)."""

from __future__ import annotations

import pytest
from checkkit import CLEAN, check, replace, seeded

from bricksmith.check import Problem
from bricksmith.check.rules.docs_links import (
    anchors,
    heading_text,
    links,
    scan_markdown,
    slug,
)


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
    scan = scan_markdown("---\ntitle: x\nlink: '[a](b.md)'\n---\n# Body\n[c](d.md)\n")
    assert [d for _, d in links(scan)] == ["d.md"]
    assert scan.headings == ["Body"]


def test_rule_example_is_what_the_check_prints(tmp_path):
    from bricksmith.check.rules.docs_links import RULES

    root = seeded(tmp_path, {"README.md": replace("#deploying-to-staging", "#deploying-to-prod")})
    assert [p.text() for p in mine(check(root))] == [RULES[0].example]
