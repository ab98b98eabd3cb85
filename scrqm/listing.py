"""Pages of a listing from ``?page=``, saying what is wrong with a page number that is not one.

    page, page_error = page_of(request, reviews, 50, "reviews")
    status = 400 if page_error else 200

A missing page number is page 1. A number that is not a whole number of 1 or more shows page
1, and one past the end shows the last page, each with a message for the GOV.UK error summary
(``includes/page_error.html``): never a 500, never an empty page with no explanation.
"""

from django.core.paginator import Page, Paginator


def page_of(request, items, per_page: int, noun: str, count: int | None = None) -> tuple[Page, str]:
    """``count``, if given, is the number of items, known without counting them."""
    paginator = Paginator(items, per_page)
    if count is not None:
        paginator.count = count
    asked = request.GET.get("page", "").strip()
    if not asked:
        return paginator.page(1), ""
    try:
        number = int(asked)
    except ValueError:
        number = 0
    if number < 1:
        return paginator.page(1), "The page number must be a whole number, 1 or more"
    if number > paginator.num_pages:
        last = paginator.num_pages
        pages = "is 1 page" if last == 1 else f"are {last} pages"
        return paginator.page(last), f"There is no page {number}: there {pages} of {noun}"
    return paginator.page(number), ""
