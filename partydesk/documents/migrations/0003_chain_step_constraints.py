
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_security_fields'),
        ('documents', '0002_default_reference_data'),
        ('organizations', '0003_membership_away_org_search'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='reviewchainstep',
            name='chain_step_unique_position',
        ),
        migrations.AddConstraint(
            model_name='reviewchainstep',
            constraint=models.UniqueConstraint(condition=models.Q(('document_type__isnull', False), ('organization__isnull', False)), fields=('organization', 'document_type', 'position'), name='chain_step_unique_org_type'),
        ),
        migrations.AddConstraint(
            model_name='reviewchainstep',
            constraint=models.UniqueConstraint(condition=models.Q(('document_type__isnull', True), ('organization__isnull', False)), fields=('organization', 'position'), name='chain_step_unique_org'),
        ),
        migrations.AddConstraint(
            model_name='reviewchainstep',
            constraint=models.UniqueConstraint(condition=models.Q(('document_type__isnull', False), ('organization__isnull', True)), fields=('document_type', 'position'), name='chain_step_unique_type'),
        ),
        migrations.AddConstraint(
            model_name='reviewchainstep',
            constraint=models.UniqueConstraint(condition=models.Q(('document_type__isnull', True), ('organization__isnull', True)), fields=('position',), name='chain_step_unique_default'),
        ),
    ]
