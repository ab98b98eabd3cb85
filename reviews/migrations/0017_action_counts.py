import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Count, Value
from django.db.models.functions import Coalesce


def fill(apps, schema_editor):
    """The stored counts of every existing action, as reviews.action_counts keeps them."""
    Action = apps.get_model("reviews", "Action")
    ActionCount = apps.get_model("reviews", "ActionCount")
    groups = (
        Action.objects.order_by()
        .values_list("review__board_id", "lead_agency_id", Coalesce("owner_id", Value(0)), "status")
        .annotate(n=Count("pk"))
    )
    ActionCount.objects.bulk_create(
        (
            ActionCount(board_id=board, lead_agency_id=agency, owner_id=owner, status=status, n=n)
            for board, agency, owner, status, n in groups
        ),
        batch_size=500,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_board_requires_two_factor"),
        ("reviews", "0016_review_live_by_stage"),
    ]

    operations = [
        migrations.CreateModel(
            name="ActionCount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("lead_agency_id", models.BigIntegerField()),
                ("owner_id", models.BigIntegerField()),
                ("status", models.CharField(max_length=20)),
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
                    models.UniqueConstraint(
                        fields=("board", "lead_agency_id", "owner_id", "status"),
                        name="one_count_per_action_kind",
                    )
                ],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
