from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from markers.models import Marker, MarkerSet


def _marker_set(set_slug: str | None) -> MarkerSet:
    if set_slug is None:
        marker_set = MarkerSet.objects.current()
        if marker_set is None:
            raise Http404("No marker set has been loaded")
        return marker_set
    return get_object_or_404(MarkerSet, slug=set_slug)


def _clusters(marker_set: MarkerSet, full: bool = False):
    markers = Marker.objects.select_related("marker_set").annotate(
        question_count=Count("questions")
    )
    if full:
        markers = markers.prefetch_related("questions")
    return marker_set.clusters.prefetch_related(Prefetch("markers", queryset=markers))


@require_GET
def library(request, set_slug: str | None = None):
    marker_set = _marker_set(set_slug)
    return render(
        request,
        "markers/library.html",
        {
            "marker_set": marker_set,
            "clusters": _clusters(marker_set),
            "other_sets": MarkerSet.objects.exclude(pk=marker_set.pk),
        },
    )


@require_GET
def library_print(request, set_slug: str):
    marker_set = _marker_set(set_slug)
    return render(
        request,
        "markers/library_print.html",
        {"marker_set": marker_set, "clusters": _clusters(marker_set, full=True)},
    )


def _marker(set_slug: str, number: int) -> Marker:
    return get_object_or_404(
        Marker.objects.select_related("marker_set", "cluster").prefetch_related("questions"),
        marker_set__slug=set_slug,
        number=number,
    )


@require_GET
def detail(request, set_slug: str, number: int):
    marker = _marker(set_slug, number)
    siblings = Marker.objects.filter(
        marker_set=marker.marker_set, number__in=[number - 1, number + 1]
    )
    return render(
        request,
        "markers/detail.html",
        {
            "marker": marker,
            "previous": next((m for m in siblings if m.number < number), None),
            "next": next((m for m in siblings if m.number > number), None),
        },
    )


@require_GET
def detail_print(request, set_slug: str, number: int):
    return render(request, "markers/detail_print.html", {"marker": _marker(set_slug, number)})
