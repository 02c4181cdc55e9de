"""A trigram index for search (NoticeQuerySet.search), on PostgreSQL only.

The search is a containment test (``search_text__icontains``), which PostgreSQL runs as
``UPPER(search_text) LIKE UPPER('%term%')``: a GIN index with pg_trgm's operator class on
that expression serves it for terms of three characters or more (shorter ones, such as the
two-character Chinese words people type, still work: they are answered by scanning, which the
size of this table allows). SQLite has no such index and needs none.

The extension stays on reverse: other tables may come to use it.
"""

from django.db import migrations

INDEX = "portal_notice_search_trgm"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON portal_notice "
        "USING gin (UPPER(search_text) gin_trgm_ops)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
