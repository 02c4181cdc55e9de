"""How audit rows read to a person: object types by name, changes as before / after."""

import json
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _

from audit.models import AuditEvent, Event

# Events whose ``changes`` hold ``{"field": [before, after]}``. The others hold plain values
# (a new account's roles, an export's filters), where a two-item list is not a change.
CHANGE_EVENTS = frozenset(
    {
        Event.ACCOUNT_UPDATE,
        Event.ACCOUNT_ACTIVATE,
        Event.ACCOUNT_DEACTIVATE,
        Event.ROLE_GRANT,
        Event.ROLE_REVOKE,
        Event.ORGANISATION_UPDATE,
        Event.SETTINGS_CHANGE,
    }
)


def _role_names(value: Any) -> Any:
    """Role codes ("endorser") by their names (审核人), as the account pages show them."""
    from accounts.models import Role

    if isinstance(value, list):
        return [_role_names(v) for v in value]
    return str(Role(value).label) if value in Role.values else value


# Keys of ``changes`` that are no model field: their label, and how their values read.
EXTRA_KEYS = {"roles": _role_names, "role": _role_names}


def _model(label: str):
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def object_type_label(label: str) -> str:
    """ "accounts.user" → 账号; unknown labels as they are."""
    model = _model(label) if label else None
    return str(model._meta.verbose_name) if model else label


def object_type_choices() -> list[tuple[str, str]]:
    """The models of the project's own apps, by name: what audit rows are about."""
    base = str(settings.BASE_DIR)
    choices = [
        (model._meta.label_lower, str(model._meta.verbose_name))
        for config in apps.get_app_configs()
        if config.path.startswith(base) and "site-packages" not in config.path
        for model in config.get_models()
        if model._meta.label_lower != "audit.audithead"
    ]
    return sorted(choices, key=lambda choice: choice[1])


def format_value(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, list):
        return "、".join(format_value(v) for v in value) or "—"
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


@dataclass(frozen=True)
class ChangeRow:
    field: str
    label: str
    before: str
    after: str
    is_change: bool  # False: a plain value, shown across both columns


def change_rows(event: AuditEvent) -> list[ChangeRow]:
    changes = event.changes if isinstance(event.changes, dict) else {"": event.changes}
    model = _model(event.object_type) if event.object_type else None
    rows = []
    for name in sorted(changes):
        value = changes[name]
        label = name
        if name in EXTRA_KEYS:
            label = _("角色")
            value = EXTRA_KEYS[name](value)
        elif model is not None:
            try:
                label = str(model._meta.get_field(name).verbose_name)
            except FieldDoesNotExist:
                pass
        if event.event in CHANGE_EVENTS and isinstance(value, list) and len(value) == 2:
            rows.append(
                ChangeRow(name, label, format_value(value[0]), format_value(value[1]), True)
            )
        else:
            rows.append(ChangeRow(name, label, "", format_value(value), False))
    return rows
