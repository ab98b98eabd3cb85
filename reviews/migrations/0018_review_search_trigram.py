"""Trigram indexes for the reviews list's search (reference or title containing the words,
``icontains``: ``UPPER(column) LIKE UPPER('%words%')``), on PostgreSQL only: without them each
search read every review of the board twice, to count and to page (10,000 reviews: ~20 ms
each). pg_trgm is one of PostgreSQL's trusted extensions: the database's owner may create it.
SQLite (the quick start) has no such index and searches as before."""

from django.db import migrations

INDEXES = {"review_reference_trgm": "reference", "review_title_trgm": "title"}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON reviews_review "
            f"USING gin ((UPPER({column}::text)) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0017_action_counts"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
