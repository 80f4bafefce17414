"""Existing proposals (published ones included) never had the innovator's consent recorded, so they start without
it: the public pages show the innovator's name and contact only after the agency records consent."""

from django.db import migrations


def no_consent(apps, schema_editor):
    Proposal = apps.get_model("proposals", "Proposal")
    Proposal.objects.update(
        innovator_consent=False, innovator_consent_recorded_at=None, innovator_consent_recorded_by=None
    )


class Migration(migrations.Migration):
    dependencies = [("proposals", "0003_add_innovator_consent")]

    operations = [migrations.RunPython(no_consent, migrations.RunPython.noop)]
