from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ReviewsConfig(AppConfig):
    name = "reviews"

    def ready(self):
        from reviews import action_counts, deadlines, rating_counts, role_counts
        from reviews.models.records import ensure_national_themes

        deadlines.connect()
        rating_counts.connect()
        action_counts.connect()
        role_counts.connect()

        # Reference data (the national theme list), as contrib.auth creates permissions.
        post_migrate.connect(ensure_national_themes, sender=self)
