"""Themes for findings: the library's shared, editable vocabulary, so a partnership's findings
and the national publications are tagged with the same words."""

from __future__ import annotations

from casereview.library.queries import theme_choices, theme_labels


def labels() -> dict[str, str]:
    """Every theme's label by slug, retired ones included, so old findings still read well."""

    return theme_labels()


def choices() -> list[tuple[str, str]]:
    """Active themes for a form, each label followed by its group."""

    return [(slug, f"{label} ({group.split('. ', 1)[-1]})")
            for group, themes in theme_choices() for slug, label in themes]
