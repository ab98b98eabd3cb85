"""Every URL of the project, requested as every kind of user, against one table of outcomes."""

import importlib
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import make_cast
from tests.matrix import KINDS

AREAS = [
    "foundation",
    "reviews",
    "assessment",
    "outcomes",
    "across",
    "security",
    "documents",
    "archive",
]


def _tables():
    expected, builders = {}, []
    for area in AREAS:
        try:
            module = importlib.import_module(f"tests.matrix.{area}")
        except ModuleNotFoundError:
            continue
        for name in module.EXPECTED:
            assert name not in expected, f"{name} is declared twice"
        expected.update(module.EXPECTED)
        builders.append(module.kwargs)
    return expected, builders


EXPECTED, BUILDERS = _tables()


def _patterns(resolver=None, namespace=""):
    """(url name, [argument names]) for every named pattern of the project."""
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            if ns.startswith("admin:"):
                yield "admin:index", []
                continue
            yield from _patterns(p, ns)
        elif isinstance(p, URLPattern):
            assert p.name, f"unnamed URL pattern {p.pattern}: every page needs a name"
            yield f"{namespace}{p.name}", list(p.pattern.regex.groupindex)


PATTERNS = dict(_patterns())  # admin: only its index stands for the whole site
PROJECT_PATTERNS = sorted(n for n in PATTERNS if not n.startswith("admin:"))


def test_every_url_pattern_has_a_row():
    missing = [name for name in PROJECT_PATTERNS if name not in EXPECTED]
    assert not missing, f"URL patterns with no row in tests/matrix: {missing}"
    stale = [n for n in EXPECTED if n != "admin:*" and n not in PATTERNS]
    assert not stale, f"rows for URLs that no longer exist: {stale}"


def _cases():
    for name in PROJECT_PATTERNS + ["admin:index"]:
        table = EXPECTED.get("admin:*" if name.startswith("admin:") else name, {})
        for method in table:
            yield pytest.param(name, method, id=f"{name}-{method}")


@pytest.mark.django_db
@pytest.mark.parametrize("name,method", list(_cases()))
def test_access(client, name, method):
    cast = make_cast()
    args = {}
    for build in BUILDERS:
        args.update(build(cast))
    needed = PATTERNS[name]
    unknown = [a for a in needed if a not in args]
    assert not unknown, f"no value for URL arguments {unknown} of {name}"
    url = reverse(name, kwargs={a: args[a] for a in needed})
    table = EXPECTED["admin:*" if name.startswith("admin:") else name][method]
    got = {}
    for kind in KINDS:
        client.logout()
        user = cast.kinds()[kind]
        if user is not None:
            client.force_login(user)
        response = getattr(client, method)(url)
        got[kind] = response.status_code
        if kind == "anonymous" and response.status_code == 302:
            assert re.search(r"/(accounts/sign-in|admin/login)/", response["Location"]), (
                f"anonymous {method.upper()} {url} redirected to {response['Location']}"
            )
    assert got == table, f"{method.upper()} {url}"
