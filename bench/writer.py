"""Fast inserts of generated rows, the same on PostgreSQL and SQLite.

Rows are plain dicts keyed by field ``attname`` with their primary keys assigned by the caller
(``Ids``), so that later rows can point at earlier ones without reading anything back. On
PostgreSQL they go in with ``COPY`` (an order of magnitude faster than ``bulk_create`` for
millions of rows); elsewhere with ``executemany``. Model ``save()`` and signals are bypassed on
purpose: this is a dataset, not a history of actions (the audit chain is computed explicitly,
see bench/generate.py). ``finish()`` moves each table's id sequence past the rows written.
"""

import json
from collections.abc import Iterable

from django.core.management.color import no_style
from django.db import connection, models
from django.db.models import Max


class Ids:
    """The next primary key of each model, starting after what the database holds."""

    def __init__(self):
        self._next: dict[type[models.Model], int] = {}

    def take(self, model: type[models.Model]) -> int:
        if model not in self._next:
            self._next[model] = (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
        value = self._next[model]
        self._next[model] = value + 1
        return value


class Writer:
    def __init__(self):
        self.postgres = connection.vendor == "postgresql"
        self.counts: dict[str, int] = {}
        self.touched: list[type[models.Model]] = []
        self._plans: dict[type[models.Model], tuple] = {}

    def _plan(self, model):
        if model not in self._plans:
            fields = [f for f in model._meta.concrete_fields]
            defaults = {}
            for f in fields:
                if f.primary_key:
                    continue
                if f.has_default() or f.null or f.empty_strings_allowed:
                    defaults[f.attname] = f.get_default()
            self._plans[model] = (fields, defaults)
            self.touched.append(model)
        return self._plans[model]

    def insert(self, model: type[models.Model], rows: Iterable[dict]) -> int:
        rows = list(rows)
        if not rows:
            return 0
        fields, defaults = self._plan(model)
        table = model._meta.db_table
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        values = []
        for row in rows:
            out = []
            for f in fields:
                try:
                    value = row[f.attname]
                except KeyError:
                    if f.attname not in defaults:
                        raise KeyError(f"{model.__name__}.{f.attname} has no value") from None
                    value = defaults[f.attname]
                out.append(value)
            values.append(out)
        json_positions = [i for i, f in enumerate(fields) if isinstance(f, models.JSONField)]
        with connection.cursor() as cursor:
            if self.postgres:
                for out in values:
                    for i in json_positions:
                        out[i] = json.dumps(out[i], ensure_ascii=False)
                raw = cursor.cursor  # psycopg 3
                with raw.copy(
                    f"COPY {connection.ops.quote_name(table)} ({columns}) FROM STDIN"
                ) as copy:
                    for out in values:
                        copy.write_row(out)
            else:
                prepared = [
                    [f.get_db_prep_save(v, connection) for f, v in zip(fields, out, strict=True)]
                    for out in values
                ]
                marks = ", ".join(["%s"] * len(fields))
                cursor.executemany(
                    f"INSERT INTO {connection.ops.quote_name(table)} ({columns}) VALUES ({marks})",
                    prepared,
                )
        self.counts[model._meta.label] = self.counts.get(model._meta.label, 0) + len(rows)
        return len(rows)

    def finish(self) -> None:
        """Move the id sequences past the rows written (PostgreSQL; a no-op on SQLite)."""
        statements = connection.ops.sequence_reset_sql(no_style(), self.touched)
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
