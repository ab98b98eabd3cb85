from reviews.views.review import review_detail, review_list

__all__ = ["review_detail", "review_list"]
