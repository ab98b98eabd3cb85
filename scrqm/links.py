"""Links to records for pages that list many of them: each URL name is reversed once per
process (with stand-in ids), then filled in per row; reversing costs far more than that, and
a page of 100 actions or 200 evidence items did it hundreds of times.

    link("reviews:evidence", evidence.review_id, evidence.pk) == reverse(...same...)
"""

from functools import lru_cache

from django.urls import get_script_prefix, reverse

_STAND_INS = (918273645, 546372819)  # digits no URL pattern holds


@lru_cache(maxsize=128)
def _pattern(prefix: str, name: str, count: int) -> str:
    return reverse(name, args=_STAND_INS[:count])


def link(name: str, *ids: int) -> str:
    url = _pattern(get_script_prefix(), name, len(ids))
    for stand_in, value in zip(_STAND_INS, ids, strict=False):
        url = url.replace(str(stand_in), str(int(value)), 1)
    return url


def links(name: str, first: int, seconds) -> list[str]:
    """``[link(name, first, s) for s in seconds]``, the prefix looked up once: a grid row's
    18 cells, say."""
    url = _pattern(get_script_prefix(), name, 2).replace(str(_STAND_INS[0]), str(int(first)), 1)
    return [url.replace(str(_STAND_INS[1]), str(int(s)), 1) for s in seconds]
