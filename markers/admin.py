from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from markers.models import Cluster, Marker, MarkerSet, Question


class ClusterInline(admin.TabularInline):
    model = Cluster
    extra = 0


@admin.register(MarkerSet)
class MarkerSetAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "is_current"]
    inlines = [ClusterInline]


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0


@admin.register(Marker)
class MarkerAdmin(SimpleHistoryAdmin):
    list_display = ["number", "title", "cluster", "marker_set"]
    list_filter = ["marker_set", "cluster"]
    list_select_related = ["cluster", "marker_set"]
    search_fields = ["title", "quality_statement"]
    inlines = [QuestionInline]
