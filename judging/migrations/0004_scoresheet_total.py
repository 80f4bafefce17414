from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db import migrations, models


def store_totals(apps, schema_editor):
    # The rule of judging.scoring.weighted_total as it was when the column was added (migrations keep their own
    # copy of what they compute, so that a later change of the rule does not rewrite history).
    ScoreSheet = apps.get_model("judging", "ScoreSheet")
    Score = apps.get_model("judging", "Score")
    points = defaultdict(Decimal)
    rows = Score.objects.filter(value__isnull=False).values_list(
        "sheet_id", "value", "criterion__max_score", "criterion__weight"
    )
    for sheet_id, value, maximum, weight in rows.iterator(chunk_size=5000):
        points[sheet_id] += Decimal(value) * Decimal(weight) / Decimal(maximum)
    sheets = [
        ScoreSheet(pk=pk, total=total.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
        for pk, total in points.items()
    ]
    ScoreSheet.objects.bulk_update(sheets, ["total"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("judging", "0003_export_expired_state")]

    operations = [
        migrations.AddField(
            model_name="scoresheet",
            name="total",
            field=models.DecimalField(decimal_places=2, default=0, max_digits=7, verbose_name="weighted total"),
        ),
        migrations.RunPython(store_totals, migrations.RunPython.noop),
    ]
