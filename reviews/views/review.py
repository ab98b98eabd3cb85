from django.shortcuts import render
from django.views.decorators.http import require_GET

from reviews.access import get_review_for_user
from reviews.models import Review


@require_GET
def review_list(request):
    reviews = Review.objects.visible_to(request.user).select_related("board")
    return render(request, "reviews/list.html", {"reviews": reviews})


@require_GET
def review_detail(request, pk: int):
    review, access = get_review_for_user(request.user, pk)
    return render(
        request, "reviews/detail.html", {"review": review, "access": access, "tab": "overview"}
    )
