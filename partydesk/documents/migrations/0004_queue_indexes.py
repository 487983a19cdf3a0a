
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('documents', '0003_chain_step_constraints'),
        ('organizations', '0003_membership_away_org_search'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='document',
            index=models.Index(fields=['direction', '-arrival_date', '-register_number', '-id'], name='doc_queue_incoming'),
        ),
        migrations.AddIndex(
            model_name='document',
            index=models.Index(fields=['direction', '-created_at', '-id'], name='doc_queue_outgoing'),
        ),
    ]
