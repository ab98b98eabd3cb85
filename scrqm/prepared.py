"""Querysets built once per process, their SQL run again on every request.

On the busiest pages, building a queryset (its filters, subqueries and annotations) and
compiling it cost more of the worker's time than the database takes to answer it.
``Prepared`` builds a page's querysets once, with stand-ins for the values that change from one
request to the next (a board, today), keeps their SQL and runs it with each request's values.

It builds them twice, with two sets of stand-ins, and refuses querysets whose SQL or other
parameters differ between the two: one that computed a value from its arguments (``today + 30
days``) or changed shape with them would otherwise keep the first request's.

On PostgreSQL only (production). SQLite, which ``make serve`` and the default test run use,
writes some values into the SQL itself and hands its rows back without column objects: there
the querysets are built and read by the ORM on every call, which gives the same rows.
"""

import copy
from collections.abc import Callable
from datetime import UTC, date, datetime
from types import SimpleNamespace

from django.db import connection, connections
from django.db.models import QuerySet
from django.db.models.query import ModelIterable


def _stand_ins(values: dict, batch: int) -> dict:
    out = {}
    for i, (name, value) in enumerate(sorted(values.items()), start=1):
        k = batch * 100 + i
        if isinstance(value, datetime):
            out[name] = datetime(1000 + k, 1, 1, tzinfo=UTC)
        elif isinstance(value, date):
            out[name] = date(1000 + k, 1, 1)
        elif isinstance(value, int) and not isinstance(value, bool):
            out[name] = -1_000_000_000 - k
        else:
            raise TypeError(f"{name}: a prepared query takes ints, dates and datetimes")
    return out


def _base(value) -> type:
    # The ORM may wrap an int for the database (psycopg's Int4): the same value.
    return int if isinstance(value, int) else type(value)


def _slots(params, stand_ins: dict) -> list[tuple]:
    """Each parameter as (the name of the value it stands for, the type the ORM gave it),
    or (None, the constant)."""
    names = {(_base(v), v): name for name, v in stand_ins.items()}
    slots = []
    for p in params:
        name = names.get((_base(p), p))
        slots.append((name, type(p)) if name else (None, p))
    return slots


def _value(value, kind: type):
    return kind(value) if kind is not type(value) and issubclass(kind, int) else value


class Prepared:
    """``build(**values)`` returns querysets by name (``values()`` querysets: their rows are
    read as dicts); ``run(**values)`` returns each one's rows, in one query each."""

    def __init__(self, build: Callable[..., dict[str, QuerySet]]):
        self.build = build
        self.queries = None

    def _prepare(self, values: dict) -> dict:
        first, second = (self._compile(_stand_ins(values, batch)) for batch in (0, 1))
        for name, (sql, slots) in first.items():
            other_sql, other_slots = second[name]
            if sql != other_sql or slots != other_slots:
                raise ValueError(f"{name}: its SQL depends on more than the values it is given")
        return first

    def _compile(self, stand_ins: dict) -> dict:
        out = {}
        for name, queryset in self.build(**stand_ins).items():
            sql, params = queryset.query.sql_with_params()
            out[name] = (sql, _slots(params, stand_ins))
        return out

    def run(self, **values) -> dict[str, list[dict]]:
        if connection.vendor != "postgresql":
            return {name: list(queryset) for name, queryset in self.build(**values).items()}
        if self.queries is None:
            self.queries = self._prepare(values)
        rows = {}
        with connection.cursor() as cursor:
            for name, (sql, slots) in self.queries.items():
                params = [_value(values[name], v) if name else v for name, v in slots]
                cursor.execute(sql, params)
                columns = [column.name for column in cursor.description]
                rows[name] = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
        return rows


class PreparedObjects:
    """``build(**values)`` returns one queryset of model instances (select_related allowed,
    prefetch_related not); ``run(**values)`` returns its instances, as iterating it would,
    from the SQL compiled once (the fixed look-ups of every request: the signed-in user, the
    review a page shows)."""

    def __init__(self, build: Callable[..., QuerySet]):
        self.build = build
        self.compiled = None

    def _compile(self, stand_ins: dict) -> tuple:
        queryset = self.build(**stand_ins)
        if queryset._prefetch_related_lookups:
            raise ValueError("a prepared queryset cannot prefetch")
        compiler = queryset.query.get_compiler(queryset.db)
        sql, params = compiler.as_sql()
        return queryset, compiler, sql, _slots(params, stand_ins)

    def run(self, **values) -> list:
        if connection.vendor != "postgresql":
            return list(self.build(**values))
        if self.compiled is None:
            first, second = (self._compile(_stand_ins(values, batch)) for batch in (0, 1))
            if first[2:] != second[2:]:
                raise ValueError("its SQL depends on more than the values it is given")
            self.compiled = first
        queryset, compiler, sql, slots = self.compiled
        params = [_value(values[name], v) if name else v for name, v in slots]
        # The compiler keeps what turns a row into instances (its columns, the related
        # models' places); a copy of it runs the SQL on this thread's connection.
        ready = copy.copy(compiler)
        ready.connection = connections[queryset.db]
        ready.as_sql = lambda *args, **kwargs: (sql, params)
        shim = SimpleNamespace(
            db=queryset.db,
            model=queryset.model,
            _known_related_objects={},
            query=SimpleNamespace(get_compiler=lambda using: ready),
        )
        return list(ModelIterable(shim))


def keep_related(instance, name: str, objects: list) -> None:
    """``getattr(instance, name).all()`` (a reverse foreign key) is ``objects`` from now on,
    each knowing ``instance``, as ``prefetch_related(name)`` leaves them: for the instances
    ``PreparedObjects`` read in place of a prefetch."""
    manager = getattr(instance, name)
    for obj in objects:
        manager.field.set_cached_value(obj, instance)
    kept = manager.all()
    kept._result_cache, kept._prefetch_done = objects, True
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}
    instance._prefetched_objects_cache[name] = kept
