"""Default roles as data; administrators edit them afterwards.

Only the roles: which capabilities each starts with is declared by the apps in code and
handed out after `migrate` (accounts/services/roles.py), so no app's capability strings are
written here. The documents migration needs these rows for its default review chain.
"""

from django.db import migrations

DEFAULT_ROLES = [
    # code, Vietnamese name, English name, requires 2FA
    ("admin", "Quản trị hệ thống", "Administrator", True),
    ("clerk", "Văn thư", "Clerk", True),
    ("specialist", "Chuyên viên", "Specialist", False),
    ("department_head", "Trưởng ban / Trưởng phòng", "Department head", True),
    ("office_chief", "Chánh Văn phòng", "Office chief", True),
    ("secretary", "Bí thư / Phó Bí thư", "Secretary", True),
    ("committee_member", "Cấp ủy viên", "Committee member", False),
    ("member_officer", "Cán bộ tổ chức (quản lý đảng viên)", "Membership officer", False),
    ("member", "Đảng viên", "Party member", False),
]


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    Role = apps.get_model("accounts", "Role")
    for code, name, name_en, two_factor in DEFAULT_ROLES:
        Role.objects.get_or_create(
            code=code,
            defaults={"name": name, "name_en": name_en, "requires_two_factor": two_factor},
        )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
