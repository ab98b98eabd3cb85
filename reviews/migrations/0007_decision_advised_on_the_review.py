"""When board members were advised of the decision whether to hold a review is kept once, as
the review's key date: a date recorded only on a current decision moves to the review first."""

from django.db import migrations


def keep_on_the_review(apps, schema_editor):
    Decision = apps.get_model("reviews", "Decision")
    Review = apps.get_model("reviews", "Review")
    hold = Decision.objects.filter(
        kind="hold", withdrawn_at__isnull=True, board_advised_on__isnull=False
    ).order_by("decided_on", "pk")
    for decision in hold:
        Review.objects.filter(pk=decision.review_id, board_advised_on__isnull=True).update(
            board_advised_on=decision.board_advised_on
        )


class Migration(migrations.Migration):
    dependencies = [("reviews", "0006_archive_event")]

    operations = [
        migrations.RunPython(keep_on_the_review, migrations.RunPython.noop),
        migrations.RemoveField(model_name="decision", name="board_advised_on"),
        migrations.RemoveField(model_name="historicaldecision", name="board_advised_on"),
    ]
