"""The marker library: versioned sets of quality markers with their questions.

A review points at the set it is assessed against, so loading a revised set later
never changes what past reviews were assessed against.
"""

from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords


class MarkerSetManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)

    def current(self):
        return self.filter(is_current=True).order_by("-id").first()


class MarkerSet(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    source = models.CharField(max_length=300, blank=True)
    introduction = models.TextField(blank=True)
    is_current = models.BooleanField(
        default=True, help_text="New reviews are assessed against the current set."
    )

    objects = MarkerSetManager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def natural_key(self):
        return (self.slug,)


class ClusterManager(models.Manager):
    def get_by_natural_key(self, set_slug, number):
        return self.get(marker_set__slug=set_slug, number=number)


class Cluster(models.Model):
    marker_set = models.ForeignKey(MarkerSet, on_delete=models.CASCADE, related_name="clusters")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)

    objects = ClusterManager()

    class Meta:
        ordering = ["marker_set", "number"]
        constraints = [
            models.UniqueConstraint(fields=["marker_set", "number"], name="unique_cluster_number")
        ]

    def __str__(self) -> str:
        return self.title

    def natural_key(self):
        return (*self.marker_set.natural_key(), self.number)

    natural_key.dependencies = ["markers.markerset"]


class MarkerManager(models.Manager):
    def get_by_natural_key(self, set_slug, number):
        return self.get(marker_set__slug=set_slug, number=number)


class Marker(models.Model):
    marker_set = models.ForeignKey(MarkerSet, on_delete=models.CASCADE, related_name="markers")
    cluster = models.ForeignKey(Cluster, on_delete=models.PROTECT, related_name="markers")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    summary = models.TextField(help_text="The short statement of the overview table.")
    quality_statement = models.TextField()
    rationale = models.TextField()
    knowledge_base = models.TextField()
    equality_diversity = models.TextField("Equality and diversity", blank=True)
    statutory_guidance = models.TextField("Link to statutory guidance and inspection criteria")
    common_obstacles = models.TextField("Tackling some common obstacles")
    history = HistoricalRecords()

    objects = MarkerManager()

    # The guidance sections, in the order the source presents them.
    GUIDANCE_SECTIONS = [
        ("rationale", "Rationale"),
        ("knowledge_base", "Knowledge base"),
        ("equality_diversity", "Equality and diversity"),
        ("statutory_guidance", "Link to statutory guidance and inspection criteria"),
        ("common_obstacles", "Tackling some common obstacles"),
    ]

    class Meta:
        ordering = ["marker_set", "number"]
        constraints = [
            models.UniqueConstraint(fields=["marker_set", "number"], name="unique_marker_number")
        ]

    def __str__(self) -> str:
        return f"QM{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("markers:detail", args=[self.marker_set.slug, self.number])

    def natural_key(self):
        return (*self.marker_set.natural_key(), self.number)

    natural_key.dependencies = ["markers.markerset", "markers.cluster"]

    def guidance(self) -> list[tuple[str, str]]:
        """(heading, text) of each guidance section the marker has."""
        return [
            (label, getattr(self, f)) for f, label in self.GUIDANCE_SECTIONS if getattr(self, f)
        ]


class QuestionManager(models.Manager):
    def get_by_natural_key(self, set_slug, marker_number, number):
        return self.get(
            marker__marker_set__slug=set_slug, marker__number=marker_number, number=number
        )


class Question(models.Model):
    marker = models.ForeignKey(Marker, on_delete=models.CASCADE, related_name="questions")
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    history = HistoricalRecords()

    objects = QuestionManager()

    class Meta:
        ordering = ["marker", "number"]
        constraints = [
            models.UniqueConstraint(fields=["marker", "number"], name="unique_question_number")
        ]

    def __str__(self) -> str:
        return f"QM{self.marker.number}.{self.number}"

    def natural_key(self):
        return (*self.marker.natural_key(), self.number)

    natural_key.dependencies = ["markers.marker"]
