"""One assignment system (ADR 0023): the assignments app owns the assignments of incoming
documents, and its migration 0007 took over the last rows of this table before it goes."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0008_co_signers"),
        ("assignments", "0007_handling_on_document"),
    ]

    operations = [migrations.DeleteModel(name="IncomingAssignment")]
