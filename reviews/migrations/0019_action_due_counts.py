import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Count
from django.db.models.functions import Coalesce


def fill(apps, schema_editor):
    """The stored counts of every existing open action by due day, as reviews.action_counts
    keeps them."""
    Action = apps.get_model("reviews", "Action")
    ActionDueCount = apps.get_model("reviews", "ActionDueCount")
    groups = (
        Action.objects.exclude(status__in=["completed", "not_taken_forward"])
        .order_by()
        .values_list("review__board_id", Coalesce("revised_date", "target_date"))
        .annotate(n=Count("pk"))
    )
    ActionDueCount.objects.bulk_create(
        (ActionDueCount(board_id=board, due=due, n=n) for board, due, n in groups),
        batch_size=500,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_board_requires_two_factor"),
        ("reviews", "0018_review_search_trigram"),
    ]

    operations = [
        migrations.CreateModel(
            name="ActionDueCount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("due", models.DateField()),
                ("n", models.IntegerField(default=0)),
                (
                    "board",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="accounts.board",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("board", "due"), name="one_count_per_due_day")
                ],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
