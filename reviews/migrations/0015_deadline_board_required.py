import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    # Apart from 0014: PostgreSQL alters no table with the fill's foreign key checks pending
    # in the same transaction.
    dependencies = [
        ("reviews", "0014_deadline_board_live"),
    ]

    operations = [
        migrations.AlterField(
            model_name="deadline",
            name="board",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="accounts.board",
            ),
        ),
        migrations.AddIndex(
            model_name="deadline",
            index=models.Index(
                condition=models.Q(("live", True)),
                fields=["board", "due_on", "review"],
                name="deadline_live_board_due",
            ),
        ),
    ]
