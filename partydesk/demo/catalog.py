"""The demo committee's structure: the Bloc committee of the province's Party agencies, its
departments, and its grassroots organizations (names modelled on Nghệ An after the 2025
reorganization; see reference domain rules §0.2)."""

from __future__ import annotations

PLACE_NAME = "Nghệ An"
PROVINCE_CODE = "040"  # citizen-ID prefix of Nghệ An

ROOT = {
    "code": "duk",
    "name": "Đảng bộ các cơ quan Đảng tỉnh",
    "short_name": "Đảng bộ các cơ quan Đảng tỉnh",
    "abbreviation": "ĐUK",
}

# code, name, short name, issuer abbreviation
DEPARTMENTS: list[tuple[str, str, str, str]] = [
    ("duk-vp", "Văn phòng Đảng ủy", "Văn phòng", "VPĐUK"),
    ("duk-btc", "Ban Tổ chức Đảng ủy", "Ban Tổ chức", "BTCĐUK"),
    ("duk-ubkt", "Ủy ban Kiểm tra Đảng ủy", "Ủy ban Kiểm tra", "UBKTĐUK"),
    ("duk-btgdv", "Ban Tuyên giáo và Dân vận Đảng ủy", "Ban Tuyên giáo và Dân vận", "BTGDVĐUK"),
]

# Subordinate cells a grassroots committee of each kind of agency is made of.
_SUB_CELLS: dict[str, list[str]] = {
    "department": [
        "Văn phòng",
        "Phòng Kế hoạch – Tài chính",
        "Phòng Tổ chức cán bộ",
        "Thanh tra",
        "Phòng Pháp chế",
        "Phòng Quản lý chuyên ngành",
        "Trung tâm Dịch vụ công",
        "Phòng Tổng hợp",
    ],
    "hospital": [
        "Khoa Nội tổng hợp",
        "Khoa Ngoại",
        "Khoa Hồi sức cấp cứu",
        "Khoa Sản",
        "Khoa Nhi",
        "Khoa Xét nghiệm",
        "Khoa Chẩn đoán hình ảnh",
        "Phòng Kế hoạch tổng hợp",
        "Phòng Điều dưỡng",
    ],
    "university": [
        "Khoa Sư phạm Ngữ văn",
        "Khoa Toán học",
        "Khoa Kinh tế",
        "Khoa Luật",
        "Khoa Công nghệ thông tin",
        "Phòng Đào tạo",
        "Phòng Hành chính – Tổng hợp",
        "Sinh viên",
    ],
    "press": [
        "Ban Thời sự",
        "Ban Kinh tế",
        "Ban Văn hóa – Xã hội",
        "Ban Điện tử",
        "Phòng Kỹ thuật",
        "Văn phòng",
    ],
    "party": [
        "Văn phòng",
        "Phòng Tổng hợp",
        "Phòng Nghiệp vụ 1",
        "Phòng Nghiệp vụ 2",
        "Phòng Tài chính – Quản trị",
        "Phòng Lưu trữ",
    ],
    "justice": [
        "Văn phòng",
        "Phòng Nghiệp vụ hình sự",
        "Phòng Nghiệp vụ dân sự",
        "Phòng Kiểm tra nghiệp vụ",
        "Phòng Thi hành án",
        "Phòng Tổ chức – Cán bộ",
    ],
}

# Grassroots committees (Đảng bộ cơ sở): code, agency (the name follows "Đảng bộ "), kind of
# agency (which subordinate cells it has), relative size. Sở Y tế comes first: the demo
# logins of a grassroots committee live there, and a small seed keeps the first ones.
GRASSROOTS_COMMITTEES: list[tuple[str, str, str, float]] = [
    ("syt", "Sở Y tế", "department", 1.1),
    ("vptu", "Văn phòng Tỉnh ủy", "party", 1.2),
    ("btctu", "Ban Tổ chức Tỉnh ủy", "party", 0.8),
    ("ubkttu", "Ủy ban Kiểm tra Tỉnh ủy", "party", 0.7),
    ("btgdvtu", "Ban Tuyên giáo và Dân vận Tỉnh ủy", "party", 0.8),
    ("bnctu", "Ban Nội chính Tỉnh ủy", "party", 0.6),
    ("tct", "Trường Chính trị tỉnh", "university", 0.9),
    ("bao-pth", "Báo và Phát thanh, Truyền hình Nghệ An", "press", 1.3),
    ("mttq", "Cơ quan Ủy ban Mặt trận Tổ quốc tỉnh", "party", 1.0),
    ("tand", "Tòa án nhân dân tỉnh", "justice", 1.0),
    ("vksnd", "Viện Kiểm sát nhân dân tỉnh", "justice", 1.0),
    ("sgddt", "Sở Giáo dục và Đào tạo", "department", 1.1),
    ("stc", "Sở Tài chính", "department", 1.0),
    ("snnmt", "Sở Nông nghiệp và Môi trường", "department", 1.4),
    ("sxd", "Sở Xây dựng", "department", 1.1),
    ("sct", "Sở Công Thương", "department", 0.9),
    ("skhcn", "Sở Khoa học và Công nghệ", "department", 0.9),
    ("svhttdl", "Sở Văn hóa, Thể thao và Du lịch", "department", 1.0),
    ("snv", "Sở Nội vụ", "department", 1.0),
    ("vpubnd", "Văn phòng Ủy ban nhân dân tỉnh", "department", 0.9),
    ("vpdbqh", "Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh", "department", 0.7),
    ("bqlkkt", "Ban Quản lý Khu kinh tế Đông Nam", "department", 0.8),
    ("bhxh", "Bảo hiểm xã hội tỉnh", "department", 1.0),
    ("thue", "Thuế tỉnh Nghệ An", "department", 1.2),
    ("cdc", "Trung tâm Kiểm soát bệnh tật tỉnh", "hospital", 0.9),
    ("bvhndk", "Bệnh viện Hữu nghị Đa khoa Nghệ An", "hospital", 2.0),
    ("bvsn", "Bệnh viện Sản Nhi Nghệ An", "hospital", 1.5),
    ("bvub", "Bệnh viện Ung bướu Nghệ An", "hospital", 1.2),
    ("bvctch", "Bệnh viện Chấn thương chỉnh hình Nghệ An", "hospital", 0.9),
    ("bvyhct", "Bệnh viện Y học cổ truyền Nghệ An", "hospital", 0.7),
    ("bvtt", "Bệnh viện Tâm thần Nghệ An", "hospital", 0.6),
    ("bvnt", "Bệnh viện Nội tiết Nghệ An", "hospital", 0.6),
    ("dhv", "Trường Đại học Vinh", "university", 2.0),
    ("dhyk", "Trường Đại học Y khoa Vinh", "university", 1.2),
    ("dhkt", "Trường Đại học Kinh tế Nghệ An", "university", 0.9),
    ("cdvd", "Trường Cao đẳng Kỹ thuật Việt – Đức Nghệ An", "university", 0.8),
    ("cddltm", "Trường Cao đẳng Du lịch – Thương mại Nghệ An", "university", 0.6),
    ("cdvhnt", "Trường Cao đẳng Văn hóa – Nghệ thuật Nghệ An", "university", 0.6),
    ("kbnn", "Kho bạc Nhà nước khu vực X", "department", 0.8),
]

# Grassroots cells (Chi bộ cơ sở): code, agency (the name follows "Chi bộ "), relative size.
GRASSROOTS_CELLS: list[tuple[str, str, float]] = [
    ("stp", "Sở Tư pháp", 1.0),
    ("sng", "Sở Ngoại vụ", 0.6),
    ("stt", "Thanh tra tỉnh", 1.0),
    ("sdttg", "Sở Dân tộc và Tôn giáo", 0.7),
    ("baona", "Báo Nghệ An", 1.0),
    ("hlhpn", "Hội Liên hiệp Phụ nữ tỉnh", 0.8),
    ("tinhdoan", "Tỉnh đoàn Nghệ An", 0.9),
    ("hnd", "Hội Nông dân tỉnh", 0.8),
    ("hccb", "Hội Cựu chiến binh tỉnh", 0.7),
    ("ldld", "Liên đoàn Lao động tỉnh", 1.0),
    ("lhhkhkt", "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh", 0.5),
    ("lhtchn", "Liên hiệp các tổ chức hữu nghị tỉnh", 0.4),
    ("hvhnt", "Hội Văn học Nghệ thuật tỉnh", 0.5),
    ("hctd", "Hội Chữ thập đỏ tỉnh", 0.5),
    ("hlg", "Hội Luật gia tỉnh", 0.3),
    ("hnb", "Hội Nhà báo tỉnh", 0.3),
    ("hkh", "Hội Khuyến học tỉnh", 0.3),
    ("hnm", "Hội Người mù tỉnh", 0.3),
    ("nhcsxh", "Ngân hàng Chính sách xã hội chi nhánh Nghệ An", 1.0),
    ("qdtpt", "Quỹ Đầu tư phát triển tỉnh", 0.5),
    ("ttxttm", "Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch", 0.5),
    ("thuvien", "Thư viện tỉnh", 0.5),
    ("baotang", "Bảo tàng Nghệ An", 0.5),
    ("kimlien", "Khu di tích Kim Liên", 0.7),
    ("ttpvhcc", "Trung tâm Phục vụ hành chính công tỉnh", 0.5),
    ("kttv", "Đài Khí tượng Thủy văn tỉnh", 0.5),
    ("bqlda", "Ban Quản lý dự án đầu tư xây dựng công trình dân dụng và công nghiệp", 0.8),
    ("ttlt", "Trung tâm Lưu trữ lịch sử tỉnh", 0.4),
    ("nxb", "Nhà xuất bản Nghệ An", 0.4),
    ("songlam", "Tạp chí Sông Lam", 0.3),
    ("bvcsskcb", "Ban Bảo vệ, chăm sóc sức khỏe cán bộ tỉnh", 0.5),
    ("ttcntt", "Trung tâm Công nghệ thông tin và Truyền thông", 0.5),
    ("vqgpm", "Vườn quốc gia Pù Mát", 0.9),
    ("cckl", "Chi cục Kiểm lâm", 1.0),
    ("vpdpntm", "Văn phòng Điều phối nông thôn mới tỉnh", 0.4),
    ("ttgdyk", "Trung tâm Giám định Y khoa", 0.4),
    ("ttpy", "Trung tâm Pháp y tỉnh", 0.4),
    ("tthdttn", "Trung tâm Hoạt động thanh thiếu nhi tỉnh", 0.4),
    ("lmhtx", "Liên minh Hợp tác xã tỉnh", 0.6),
]

# Workplace shown for people in each kind of agency; dues are mostly salaried.
STUDENT_KINDS = {"university"}
PENSIONER_CELLS = {"hccb", "hkh", "hnm", "hctd"}


def sub_cell_names(kind: str) -> list[str]:
    return list(_SUB_CELLS[kind])
