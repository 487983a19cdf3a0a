"""Default recipient groups; offices add their own (such as "the cells of X") afterwards."""

from django.db import migrations

DEFAULTS = [
    # code, name, English name, rule, parameters
    (
        "grassroots-committees",
        "Tất cả đảng ủy cơ sở",
        "All grassroots Party committees",
        "kinds_below",
        {"kinds": ["grassroots_committee"]},
    ),
    (
        "grassroots-cells",
        "Tất cả chi bộ cơ sở",
        "All grassroots Party cells",
        "kinds_below",
        {"kinds": ["grassroots_cell"]},
    ),
    (
        "grassroots-organizations",
        "Tất cả tổ chức cơ sở đảng",
        "All grassroots Party organizations",
        "kinds_below",
        {"kinds": ["grassroots_committee", "grassroots_cell"]},
    ),
    (
        "direct-subordinates",
        "Các tổ chức đảng trực thuộc",
        "Organizations directly below",
        "children",
        {},
    ),
]


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    group = apps.get_model("organizations", "RecipientGroup")
    for position, (code, name, name_en, rule, parameters) in enumerate(DEFAULTS):
        group.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "rule": rule,
                "parameters": parameters,
                "position": position,
            },
        )


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("organizations", "RecipientGroup").objects.filter(
        code__in=[row[0] for row in DEFAULTS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("organizations", "0005_recipient_group")]
    operations = [migrations.RunPython(forwards, backwards)]
