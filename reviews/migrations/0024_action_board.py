import django.db.models.deletion
import django.db.models.functions.comparison
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):
    """Each action's board: its review's."""
    Action = apps.get_model("reviews", "Action")
    Review = apps.get_model("reviews", "Review")
    board = Review.objects.filter(pk=OuterRef("review_id")).values("board_id")
    Action.objects.update(board_id=Subquery(board[:1]))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_board_requires_two_factor"),
        ("reviews", "0023_on_review_counts"),
    ]

    operations = [
        migrations.AddField(
            model_name="action",
            name="board",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="accounts.board",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="action",
            name="board",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="accounts.board",
            ),
        ),
        migrations.AddIndex(
            model_name="action",
            index=models.Index(
                models.F("board"),
                django.db.models.functions.comparison.Coalesce("revised_date", "target_date"),
                name="action_board_due",
            ),
        ),
    ]
