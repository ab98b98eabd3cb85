from django.urls import path

from accesslog import views

app_name = "accesslog"

urlpatterns = [
    path("reviews/<int:pk>/", views.review_log, name="review"),
    path("people/<int:user_pk>/", views.user_log, name="user"),
    path("boards/<int:board_pk>/", views.board_alerts, name="board"),
]
