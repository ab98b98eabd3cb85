import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery

NOT_LIVE = ["closed", "not_proceeding"]


def fill(apps, schema_editor):
    """Every stored deadline takes its review's board and whether the review is live, as
    reviews.deadlines.refresh writes them."""
    Review = apps.get_model("reviews", "Review")
    Deadline = apps.get_model("reviews", "Deadline")
    board = Review.objects.filter(pk=OuterRef("review_id")).values("board_id")[:1]
    Deadline.objects.update(board_id=Subquery(board), live=True)
    Deadline.objects.filter(review__stage__in=NOT_LIVE).update(live=False)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_board_requires_two_factor"),
        ("reviews", "0013_rating_counts"),
    ]

    operations = [
        migrations.AddField(
            model_name="deadline",
            name="board",
            field=models.ForeignKey(
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="accounts.board",
            ),
        ),
        migrations.AddField(
            model_name="deadline",
            name="live",
            field=models.BooleanField(default=True),
            preserve_default=False,
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
