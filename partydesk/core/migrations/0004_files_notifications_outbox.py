"""Content-addressed files move in from documents; notifications and the outbox."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0003_audit_sealed_later'),
        ('documents', '0004_queue_indexes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # StoredFile moves here from documents, rows and all: first take the model over
        # in the migration state on its old table, then rename the table.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='StoredFile',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('sha256', models.CharField(max_length=64, unique=True)),
                        ('size', models.PositiveBigIntegerField()),
                        ('content_type', models.CharField(max_length=100)),
                        ('storage_name', models.CharField(max_length=255)),
                        ('page_count', models.PositiveIntegerField(blank=True, null=True)),
                        ('text', models.TextField(blank=True, verbose_name='extracted text')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                    ],
                    options={
                        'db_table': 'documents_storedfile',
                        'verbose_name': 'stored file',
                        'verbose_name_plural': 'stored files',
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name='storedfile', table=None),
        migrations.CreateModel(
            name='NotificationPreference',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('email', models.CharField(choices=[('immediate', 'Right away, one email per notification'), ('daily', 'Once a day, in one digest'), ('off', 'Never: only under the bell')], default='immediate', max_length=10, verbose_name='email me')),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='notification_preference', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'notification preference',
                'verbose_name_plural': 'notification preferences',
            },
        ),
        migrations.CreateModel(
            name='OutboxMessage',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(max_length=100, verbose_name='kind')),
                ('payload', models.JSONField(blank=True, default=dict, verbose_name='payload')),
                ('idempotency_key', models.CharField(max_length=200, unique=True, verbose_name='idempotency key')),
                ('status', models.CharField(choices=[('pending', 'Waiting to be delivered'), ('delivered', 'Delivered'), ('failed', 'Failed; gave up')], default='pending', max_length=10, verbose_name='status')),
                ('attempts', models.PositiveIntegerField(default=0, verbose_name='attempts')),
                ('next_attempt_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='next attempt at')),
                ('last_error', models.TextField(blank=True, verbose_name='last error')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='created at')),
                ('delivered_at', models.DateTimeField(blank=True, null=True, verbose_name='delivered at')),
            ],
            options={
                'verbose_name': 'outbox message',
                'verbose_name_plural': 'outbox messages',
                'ordering': ['id'],
                'indexes': [models.Index(condition=models.Q(('status', 'pending')), fields=['next_attempt_at'], name='outbox_due_idx')],
            },
        ),
        migrations.CreateModel(
            name='Notification',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(max_length=60, verbose_name='kind')),
                ('title', models.CharField(max_length=300, verbose_name='title')),
                ('body', models.TextField(blank=True, verbose_name='text')),
                ('url', models.CharField(blank=True, max_length=500, verbose_name='link')),
                ('urgent', models.BooleanField(default=False, verbose_name='urgent')),
                ('organization_id', models.BigIntegerField(blank=True, null=True, verbose_name='organization')),
                ('target_type', models.CharField(blank=True, max_length=100)),
                ('target_id', models.CharField(blank=True, max_length=64)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='time')),
                ('read_at', models.DateTimeField(blank=True, null=True, verbose_name='read at')),
                ('emailed_at', models.DateTimeField(blank=True, null=True, verbose_name='emailed at')),
                ('recipient', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to=settings.AUTH_USER_MODEL, verbose_name='recipient')),
            ],
            options={
                'verbose_name': 'notification',
                'verbose_name_plural': 'notifications',
                'ordering': ['-urgent', '-created_at', '-id'],
                'indexes': [models.Index(condition=models.Q(('read_at__isnull', True)), fields=['recipient'], name='notification_unread_idx'), models.Index(fields=['recipient', '-created_at'], name='notification_list_idx'), models.Index(fields=['target_type', 'target_id'], name='notification_target_idx')],
            },
        ),
    ]
