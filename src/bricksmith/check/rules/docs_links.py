"""Placeholder while this family is written."""

RULES = ()


def check(project, ctx):
    return []
