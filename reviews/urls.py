from django.urls import path

from reviews.views import review

app_name = "reviews"

# Reviews and the records a review holds (lifecycle, referral, decisions, timescales...).
urlpatterns = [
    path("", review.review_list, name="list"),
    path("<int:pk>/", review.review_detail, name="detail"),
]

# Marker self-assessment and evidence.
urlpatterns += []

# Outputs and outcomes: findings, actions, board response, publication.
urlpatterns += []
