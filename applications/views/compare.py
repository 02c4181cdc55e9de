"""Comparing two submissions (rounds) of an application, field by field."""

import difflib
from dataclasses import dataclass, field

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from applications.formdata import display_values
from applications.models import Application, SubmittedVersion
from applications.views.common import load_application
from programmes.models import FieldType, FormVersion


@dataclass
class CompareRow:
    key: str
    label: str
    before: str
    after: str
    changed: bool
    before_parts: list[tuple[str, str]] = field(default_factory=list)
    after_parts: list[tuple[str, str]] = field(default_factory=list)


def _diff(before: str, after: str) -> tuple[list, list]:
    """Marked-up segments (kind "", "del" or "ins") of the two texts: by line, then by
    character within the lines that changed (Chinese has no spaces to split words on)."""
    old_parts: list[tuple[str, str]] = []
    new_parts: list[tuple[str, str]] = []

    def chars(a: str, b: str) -> None:
        matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                old_parts.append(("", a[i1:i2]))
                new_parts.append(("", b[j1:j2]))
                continue
            if i2 > i1:
                old_parts.append(("del", a[i1:i2]))
            if j2 > j1:
                new_parts.append(("ins", b[j1:j2]))

    old_lines, new_lines = before.splitlines(True), after.splitlines(True)
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        a, b = "".join(old_lines[i1:i2]), "".join(new_lines[j1:j2])
        if op == "equal":
            old_parts.append(("", a))
            new_parts.append(("", b))
        elif op == "replace" and len(a) + len(b) <= 4000:
            chars(a, b)
        else:
            if a:
                old_parts.append(("del", a))
            if b:
                new_parts.append(("ins", b))
    return old_parts, new_parts


def compare_rows(version: FormVersion, before: dict, after: dict) -> list[CompareRow]:
    """Field by field, in the form's order: the value before, after, and whether it changed."""
    old, new = display_values(version, before), display_values(version, after)
    rows = []
    for f in version.fields.all():
        a, b = old.get(f.key, ""), new.get(f.key, "")
        row = CompareRow(f.key, f.label, a, b, a != b)
        if row.changed and a and b and f.field_type == FieldType.LONG_TEXT:
            row.before_parts, row.after_parts = _diff(a, b)
        rows.append(row)
    return rows


def submitted_versions(application: Application) -> list[SubmittedVersion]:
    """What was submitted in each round, the first round first."""
    return list(
        SubmittedVersion.objects.filter(application=application)
        .select_related("submitted_by")
        .order_by("round")
    )


def side_by_side(version: FormVersion, old: SubmittedVersion, new: SubmittedVersion) -> dict:
    """Two submissions compared, as the pages show them."""
    rows = compare_rows(version, old.values, new.values)
    return {"old": old, "new": new, "rows": rows, "changed": [r for r in rows if r.changed]}


@login_required
def compare(request, pk: int):
    """Two submissions (rounds) field by field: ``?a=1&b=2`` (default: the last two)."""
    application = load_application(request, pk)
    versions = submitted_versions(application)
    by_round = {v.round: v for v in versions}

    def chosen(name: str, default: int | None) -> int | None:
        try:
            value = int(request.GET.get(name, ""))
        except ValueError:
            return default
        return value if value in by_round else default

    comparison = None
    if len(versions) >= 2:
        old = by_round[chosen("a", versions[-2].round)]
        new = by_round[chosen("b", versions[-1].round)]
        comparison = side_by_side(application.form_version, old, new)
    return render(
        request,
        "applications/application_compare.html",
        {
            "application": application,
            "programme": application.programme,
            "versions": versions,
            "comparison": comparison if comparison and comparison["rows"] else None,
        },
    )
