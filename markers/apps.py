from django.apps import AppConfig


class MarkersConfig(AppConfig):
    name = "markers"
    verbose_name = "Marker library"
