"""What the demo documents say: senders, subjects by type, a body."""

# Who writes to the Bloc committee, with the abbreviation in their symbols.
SENDERS = [
    ("Tỉnh ủy Nghệ An", "TU", "party", 30),
    ("Ban Thường vụ Tỉnh ủy", "TU", "party", 10),
    ("Văn phòng Tỉnh ủy", "VPTU", "party", 14),
    ("Ban Tổ chức Tỉnh ủy", "BTCTU", "party", 14),
    ("Ủy ban Kiểm tra Tỉnh ủy", "UBKTTU", "party", 8),
    ("Ban Tuyên giáo và Dân vận Tỉnh ủy", "BTGDVTU", "party", 10),
    ("Ban Nội chính Tỉnh ủy", "BNCTU", "party", 4),
    ("Ủy ban nhân dân tỉnh Nghệ An", "UBND", "state", 8),
    ("Sở Nội vụ", "SNV", "state", 4),
    ("Bảo hiểm xã hội tỉnh", "BHXH", "state", 2),
    ("Đảng ủy Sở Y tế", "ĐU", "party", 3),
    ("Đảng ủy Trường Chính trị tỉnh", "ĐU", "party", 2),
]

# (type code, weight, subjects)
INCOMING_SUBJECTS: list[tuple[str, int, list[str]]] = [
    (
        "cong-van",
        40,
        [
            "Về việc báo cáo kết quả thực hiện nhiệm vụ quý {q} năm {y}",
            "Về việc rà soát, bổ sung quy hoạch cán bộ nhiệm kỳ 2025–2030",
            "Về việc cử cán bộ tham gia lớp bồi dưỡng kiến thức quốc phòng và an ninh",
            "Về việc tổng hợp danh sách đảng viên được tặng Huy hiệu Đảng đợt {d}",
            "Về việc chuẩn bị nội dung làm việc với Đoàn công tác của Tỉnh ủy",
            "Về việc đôn đốc thu, nộp đảng phí năm {y}",
            "Về việc triển khai số hóa hồ sơ đảng viên",
            "Về việc góp ý dự thảo báo cáo chính trị",
        ],
    ),
    (
        "huong-dan",
        12,
        [
            "Hướng dẫn kiểm điểm, đánh giá, xếp loại chất lượng tổ chức đảng, đảng viên năm {y}",
            "Hướng dẫn thực hiện Quy định 366-QĐ/TW về đánh giá cán bộ",
            "Hướng dẫn công tác phát triển đảng viên năm {y}",
        ],
    ),
    (
        "ke-hoach",
        12,
        [
            "Kế hoạch tổ chức các hoạt động kỷ niệm 97 năm Ngày thành lập Đảng",
            "Kế hoạch kiểm tra, giám sát năm {y}",
            "Kế hoạch học tập, quán triệt Nghị quyết Đại hội Đảng bộ tỉnh",
            "Kế hoạch chuyển đổi số trong các cơ quan Đảng giai đoạn {y}–2030",
        ],
    ),
    (
        "thong-bao",
        10,
        [
            "Thông báo kết luận của Ban Thường vụ Tỉnh ủy tại hội nghị tháng {m}",
            "Thông báo lịch làm việc của Thường trực Tỉnh ủy tháng {m}",
            "Thông báo ý kiến chỉ đạo về công tác cán bộ",
        ],
    ),
    (
        "quyet-dinh",
        10,
        [
            "Quyết định chuẩn y kết quả bầu cử bổ sung cấp ủy",
            "Quyết định thành lập Đoàn kiểm tra thực hiện Chỉ thị 35-CT/TW",
            "Quyết định điều động, phân công cán bộ",
        ],
    ),
    (
        "nghi-quyet",
        5,
        [
            "Nghị quyết về đẩy mạnh cải cách hành chính trong các cơ quan Đảng",
            "Nghị quyết về nâng cao chất lượng sinh hoạt chi bộ",
        ],
    ),
    ("chi-thi", 3, ["Chỉ thị về tăng cường công tác bảo vệ bí mật nhà nước"]),
    ("bao-cao", 5, ["Báo cáo sơ kết công tác xây dựng Đảng 6 tháng đầu năm {y}"]),
    (
        "giay-moi",
        8,
        [
            "Giấy mời dự hội nghị trực tuyến quán triệt nghị quyết",
            "Giấy mời dự Hội nghị Ban Chấp hành Đảng bộ tỉnh",
        ],
    ),
]

OUTGOING_SUBJECTS: list[tuple[str, int, list[str]]] = [
    (
        "cong-van",
        35,
        [
            "V/v triển khai thực hiện hướng dẫn của Ban Tổ chức Tỉnh ủy",
            "V/v báo cáo tình hình tư tưởng cán bộ, đảng viên quý {q}",
            "V/v rà soát đảng viên miễn sinh hoạt",
            "V/v tổng hợp kết quả thu đảng phí",
        ],
    ),
    (
        "ke-hoach",
        12,
        [
            "Kế hoạch kiểm tra, giám sát của Đảng ủy năm {y}",
            "Kế hoạch tổ chức Hội nghị học tập nghị quyết",
            "Kế hoạch phát triển đảng viên năm {y}",
        ],
    ),
    (
        "quyet-dinh",
        14,
        [
            "Quyết định kết nạp đảng viên",
            "Quyết định công nhận đảng viên chính thức",
            "Quyết định chuẩn y Ban Chấp hành Chi bộ",
            "Quyết định tặng Huy hiệu Đảng",
        ],
    ),
    (
        "thong-bao",
        10,
        [
            "Thông báo kết luận của Ban Thường vụ Đảng ủy tháng {m}",
            "Thông báo phân công nhiệm vụ Ban Chấp hành Đảng bộ",
        ],
    ),
    (
        "nghi-quyet",
        6,
        [
            "Nghị quyết về lãnh đạo thực hiện nhiệm vụ chính trị quý {q}",
            "Nghị quyết về công tác xây dựng Đảng năm {y}",
        ],
    ),
    (
        "bao-cao",
        10,
        [
            "Báo cáo kết quả công tác Đảng tháng {m}",
            "Báo cáo tổng kết công tác kiểm tra, giám sát năm {y}",
        ],
    ),
    ("huong-dan", 6, ["Hướng dẫn sinh hoạt chi bộ theo chuyên đề năm {y}"]),
    ("chuong-trinh", 3, ["Chương trình công tác toàn khóa của Ban Chấp hành Đảng bộ"]),
    ("to-trinh", 4, ["Tờ trình đề nghị khen thưởng tổ chức đảng trong sạch, vững mạnh"]),
]

RECIPIENTS = "Thường trực Tỉnh ủy (để b/c),\nCác tổ chức cơ sở đảng trực thuộc,"
BODY = [
    "Căn cứ Điều lệ Đảng Cộng sản Việt Nam và Quy định số 294-QĐ/TW của Ban Chấp hành Trung ương;",
    "Thực hiện chương trình công tác năm, Ban Thường vụ Đảng ủy đề nghị các tổ chức đảng "
    "trực thuộc triển khai thực hiện nghiêm túc, báo cáo kết quả đúng thời hạn.",
    "Quá trình thực hiện, nếu có vướng mắc, phản ánh về Văn phòng Đảng ủy để tổng hợp.",
]
