"""Default reference data (domain rules §1.3-§1.8); administrators edit it afterwards."""

from django.db import migrations

CELLS = ["grassroots_cell", "subordinate_cell", "partial_committee"]

# code, abbreviation, Vietnamese name, English name, is a letter, kinds that may not issue it
DOCUMENT_TYPES = [
    ("nghi-quyet", "NQ", "Nghị quyết", "Resolution", False, []),
    ("quyet-dinh", "QĐ", "Quyết định", "Decision", False, []),
    ("chi-thi", "CT", "Chỉ thị", "Directive", False, []),
    ("ket-luan", "KL", "Kết luận", "Conclusion", False, CELLS),
    ("quy-che", "QC", "Quy chế", "Working regulation", False, CELLS),
    ("quy-dinh", "QĐi", "Quy định", "Regulation", False, []),
    ("thong-tri", "TT", "Thông tri", "Circular", False, []),
    ("huong-dan", "HD", "Hướng dẫn", "Guidance", False, []),
    ("thong-bao", "TB", "Thông báo", "Notice", False, CELLS),
    ("thong-cao", "TC", "Thông cáo", "Communiqué", False, []),
    ("bao-cao", "BC", "Báo cáo", "Report", False, []),
    ("ke-hoach", "KH", "Kế hoạch", "Plan", False, []),
    ("chuong-trinh", "CTr", "Chương trình", "Programme", False, []),
    ("de-an", "ĐA", "Đề án", "Scheme", False, []),
    ("to-trinh", "TTr", "Tờ trình", "Submission", False, []),
    ("bien-ban", "BB", "Biên bản", "Minutes", False, []),
    ("cong-van", "CV", "Công văn", "Official letter", True, []),
    ("giay-moi", "GM", "Giấy mời", "Invitation", False, []),
]

# rulebook, form, Vietnamese meaning, English meaning
SIGNING_FORMS = [
    ("party", "T/M", "Thay mặt (tập thể)", "On behalf of (the collective)"),
    ("party", "K/T", "Ký thay (cấp phó ký thay cấp trưởng)", "Signed for (deputy for head)"),
    ("party", "T/L", "Thừa lệnh", "By order of"),
    ("state", "TM.", "Thay mặt", "On behalf of"),
    ("state", "KT.", "Ký thay", "Signed for"),
    ("state", "TL.", "Thừa lệnh", "By order of"),
    ("state", "TUQ.", "Thừa ủy quyền", "By delegation of"),
    ("state", "Q.", "Quyền", "Acting"),
]

MARKS = [
    ("secrecy", 1, "MẬT", "SECRET"),
    ("secrecy", 2, "TỐI MẬT", "TOP SECRET"),
    ("secrecy", 3, "TUYỆT MẬT", "ABSOLUTE SECRET"),
    ("urgency", 1, "KHẨN", "URGENT"),
    ("urgency", 2, "THƯỢNG KHẨN", "VERY URGENT"),
    ("urgency", 3, "HỎA TỐC", "FLASH"),
]

# The default chain: specialist drafts -> department head -> office chief -> secretary.
DEFAULT_CHAIN = [
    (1, "department_head", "review", "Trưởng ban thẩm định nội dung"),
    (2, "office_chief", "review", "Chánh Văn phòng kiểm tra thể thức"),
    (3, "secretary", "approve", "Bí thư / Phó Bí thư duyệt ký"),
]


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    DocumentType = apps.get_model("documents", "DocumentType")
    SigningForm = apps.get_model("documents", "SigningForm")
    Mark = apps.get_model("documents", "Mark")
    ReviewChainStep = apps.get_model("documents", "ReviewChainStep")
    Role = apps.get_model("accounts", "Role")
    for order, (code, abbr, name, name_en, letter, not_by) in enumerate(DOCUMENT_TYPES, 1):
        DocumentType.objects.update_or_create(
            code=code,
            defaults={
                "abbreviation": abbr,
                "name": name,
                "name_en": name_en,
                "is_letter": letter,
                "not_issued_by": not_by,
                "order": order * 10,
            },
        )
    for order, (system, code, name, name_en) in enumerate(SIGNING_FORMS, 1):
        SigningForm.objects.update_or_create(
            system=system, code=code, defaults={"name": name, "name_en": name_en, "order": order}
        )
    for kind, level, label, label_en in MARKS:
        Mark.objects.update_or_create(
            kind=kind, level=level, defaults={"label": label, "label_en": label_en}
        )
    if not ReviewChainStep.objects.filter(organization=None, document_type=None).exists():
        for position, role_code, kind, label in DEFAULT_CHAIN:
            role = Role.objects.filter(code=role_code).first()
            if role is not None:
                ReviewChainStep.objects.create(
                    position=position, role=role, kind=kind, label=label
                )


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial"), ("accounts", "0002_default_roles")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
