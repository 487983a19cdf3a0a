"""Default roles as data; administrators edit them afterwards."""

from django.db import migrations

DEFAULT_ROLES = [
    # code, Vietnamese name, English name, capabilities, requires 2FA
    ("admin", "Quản trị hệ thống", "Administrator",
     ["organizations.manage", "members.manage", "accounts.manage", "audit.view"], True),
    ("clerk", "Văn thư", "Clerk",
     ["documents.register", "documents.issue", "documents.view", "signatures.seal"], True),
    ("specialist", "Chuyên viên", "Specialist",
     ["documents.draft", "documents.handle", "documents.view"], False),
    ("department_head", "Trưởng ban / Trưởng phòng", "Department head",
     ["documents.review", "documents.assign", "documents.handle", "documents.view", "signatures.sign"], True),
    ("office_chief", "Chánh Văn phòng", "Office chief",
     ["documents.review", "documents.assign", "documents.issue", "documents.view", "signatures.sign", "audit.view"], True),
    ("secretary", "Bí thư / Phó Bí thư", "Secretary",
     ["documents.approve", "documents.assign", "documents.view", "signatures.sign", "members.view", "audit.view"], True),
    ("committee_member", "Cấp ủy viên", "Committee member",
     ["documents.view", "members.view"], False),
    ("member_officer", "Cán bộ tổ chức (quản lý đảng viên)", "Membership officer",
     ["members.manage", "members.view", "organizations.manage"], False),
    ("member", "Đảng viên", "Party member", [], False),
]


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    Role = apps.get_model("accounts", "Role")
    for code, name, name_en, caps, two_factor in DEFAULT_ROLES:
        Role.objects.update_or_create(
            code=code,
            defaults={"name": name, "name_en": name_en, "capabilities": caps,
                      "requires_two_factor": two_factor},
        )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
