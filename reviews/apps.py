from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ReviewsConfig(AppConfig):
    name = "reviews"

    def ready(self):
        from reviews.models.records import ensure_national_themes

        # Reference data (the national theme list), as contrib.auth creates permissions.
        post_migrate.connect(ensure_national_themes, sender=self)
