"""The vocabulary of Party paperwork the search bench writes its documents from."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from bench.names import (
    FAMILY,
    GIVEN_FEMALE,
    GIVEN_MALE,
    MIDDLE_FEMALE,
    MIDDLE_MALE,
    PLACE_SYLLABLES,
)
from partydesk.search.terms import tokens

# --- vocabulary ------------------------------------------------------------------------------
# (code, name, weight): how often each type is issued or received.
TYPES = [
    ("CV", "Công văn", 30), ("BC", "Báo cáo", 20), ("KH", "Kế hoạch", 12),
    ("QĐ", "Quyết định", 10), ("TB", "Thông báo", 10), ("NQ", "Nghị quyết", 6),
    ("TTr", "Tờ trình", 3), ("HD", "Hướng dẫn", 3), ("CTr", "Chương trình", 2),
    ("BB", "Biên bản", 1.5), ("KL", "Kết luận", 1.5), ("CT", "Chỉ thị", 1),
    ("QC", "Quy chế", 0.5), ("QĐi", "Quy định", 0.5),
]  # fmt: skip
STATUSES = [("issued", 80), ("registered", 12), ("processing", 4), ("draft", 3), ("revoked", 1)]
ISSUERS = ["ĐU", "ĐUK", "HU", "TU", "CB", "UBKT", "BTC", "VPTU", "BTG", "BDV"]
# Subjects of titles, most common first (weights fall off as 1/rank).
TOPICS = """công tác kiểm tra, giám sát|công tác xây dựng Đảng và hệ thống chính trị
|học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh|công tác cán bộ
|kết nạp đảng viên|thu, nộp và quản lý đảng phí|sinh hoạt chi bộ định kỳ
|đánh giá, xếp loại chất lượng tổ chức cơ sở đảng và đảng viên
|phòng, chống tham nhũng, lãng phí, tiêu cực|công tác dân vận|công tác tuyên giáo
|tổ chức đại hội chi bộ|quy hoạch cán bộ lãnh đạo, quản lý|bồi dưỡng lý luận chính trị
|khen thưởng tổ chức đảng và đảng viên|thi hành kỷ luật đảng viên vi phạm
|bảo vệ nền tảng tư tưởng của Đảng|phát triển kinh tế - xã hội|quốc phòng, an ninh
|công tác thi đua, khen thưởng|trao tặng Huy hiệu Đảng|chuyển sinh hoạt đảng
|công tác tài chính đảng|công tác văn thư, lưu trữ|xây dựng nông thôn mới|cải cách hành chính
|chuyển đổi số trong cơ quan Đảng|kỷ niệm ngày thành lập Đảng Cộng sản Việt Nam
|công tác bảo vệ chính trị nội bộ|công tác thanh niên|công tác nữ công|cựu chiến binh
|bảo vệ bí mật nhà nước|công tác đối ngoại|xây dựng tổ chức cơ sở đảng trong doanh nghiệp
|đào tạo, bồi dưỡng cán bộ|luân chuyển cán bộ|bầu cử đại biểu Hội đồng nhân dân"""
ACTIONS = [
    "thực hiện", "triển khai", "tổ chức", "tăng cường", "đẩy mạnh", "nâng cao chất lượng",
    "tổng kết", "sơ kết", "lãnh đạo", "chỉ đạo", "quán triệt", "kiện toàn",
]  # fmt: skip
PERIODS = ["6 tháng đầu năm", "quý I", "quý II", "quý III", "quý IV", "năm", "tháng"]
# Sentences of bodies, most common first (weights fall off as 1/rank^0.8).
SENTENCES = """Thực hiện Nghị quyết của Ban Chấp hành Đảng bộ và Chương trình công tác năm
|Ban Thường vụ Đảng ủy đề nghị các chi bộ trực thuộc quán triệt và triển khai thực hiện
|công tác kiểm tra, giám sát và thi hành kỷ luật đảng được thực hiện nghiêm túc
|nâng cao năng lực lãnh đạo, sức chiến đấu của tổ chức cơ sở đảng và chất lượng đảng viên
|đội ngũ cán bộ, đảng viên gương mẫu, tiên phong trong thực hiện nhiệm vụ chính trị
|các đồng chí cấp ủy viên phụ trách chi bộ theo dõi, đôn đốc việc thực hiện
|báo cáo kết quả về Văn phòng Đảng ủy trước ngày quy định để tổng hợp
|công tác tuyên truyền được đẩy mạnh bằng nhiều hình thức phù hợp
|tình hình tư tưởng của cán bộ, đảng viên và quần chúng ổn định
|tổ chức học tập, quán triệt các chỉ thị, nghị quyết của Đảng
|đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh
|xây dựng, chỉnh đốn Đảng và hệ thống chính trị trong sạch, vững mạnh
|thực hiện tốt nguyên tắc tập trung dân chủ, tự phê bình và phê bình
|sinh hoạt chi bộ đúng định kỳ, nội dung thiết thực
|phát triển đảng viên mới đạt và vượt chỉ tiêu đề ra
|công tác thu, nộp đảng phí đúng quy định
|kinh phí thực hiện từ nguồn ngân sách được giao
|Đảng ủy yêu cầu các tổ chức đảng nghiêm túc thực hiện
|trong quá trình thực hiện nếu có vướng mắc phản ánh về Ban Tổ chức để hướng dẫn
|Ủy ban Kiểm tra Đảng ủy tham mưu giúp Ban Thường vụ
|kết quả đánh giá, xếp loại chất lượng tổ chức cơ sở đảng và đảng viên hằng năm
|công tác dân vận được quan tâm, mối quan hệ mật thiết với nhân dân được củng cố
|phát huy vai trò của Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội
|Công đoàn, Đoàn Thanh niên, Hội Cựu chiến binh, Hội Phụ nữ phối hợp thực hiện
|đấu tranh phản bác các quan điểm sai trái, thù địch
|phòng, chống suy thoái về tư tưởng chính trị, đạo đức, lối sống
|những biểu hiện tự diễn biến, tự chuyển hóa trong nội bộ
|thực hiện chuyển đổi số, ứng dụng công nghệ thông tin trong hoạt động của cấp ủy
|cải cách hành chính trong Đảng, giảm văn bản, giấy tờ hành chính
|quy hoạch, đào tạo, bồi dưỡng, luân chuyển, bố trí cán bộ
|khen thưởng kịp thời các tập thể, cá nhân có thành tích xuất sắc
|xử lý nghiêm tổ chức đảng, đảng viên vi phạm
|bảo đảm quốc phòng, an ninh, trật tự an toàn xã hội
|phát triển kinh tế - xã hội, nâng cao đời sống vật chất và tinh thần của nhân dân
|xây dựng nông thôn mới, đô thị văn minh
|bảo vệ môi trường, ứng phó với biến đổi khí hậu
|công tác văn thư, lưu trữ và bảo vệ bí mật nhà nước
|trao tặng Huy hiệu Đảng cho các đồng chí đảng viên đủ tuổi Đảng
|chuẩn bị văn kiện và nhân sự đại hội nhiệm kỳ mới
|tiếp tục thực hiện Kết luận của Bộ Chính trị
|các đơn vị chủ động xây dựng kế hoạch cụ thể và tổ chức thực hiện
|nơi nhận như trên, lưu Văn phòng"""
# Words of a period only: they appear in documents of those years and no others.
PERIOD_WORDS = [
    ((2020, 2022), "phòng, chống dịch Covid-19 và thực hiện mục tiêu kép"),
    ((2020, 2021), "Đại hội đại biểu toàn quốc lần thứ XIII của Đảng"),
    ((2025, 2026), "sắp xếp, tinh gọn tổ chức bộ máy của hệ thống chính trị"),
    ((2025, 2026), "chính quyền địa phương hai cấp sau sáp nhập"),
]
FUNCTION_WORDS = "của và các về trong theo được để với những có là cho đã tại trên việc này đến từ"


def _split(text: str) -> list[tuple[str, ...]]:
    return [tuple(tokens(part)) for part in text.replace("\n", "").split("|")]


@dataclass(frozen=True)
class Vocabulary:
    """Every phrase already folded into tokens, so generating a document is list work only."""

    types: list[tuple[str, tuple[str, ...]]]
    type_cum: list[float]
    topics: list[tuple[str, ...]]
    topic_cum: list[float]
    actions: list[tuple[str, ...]]
    periods: list[tuple[str, ...]]
    sentences: list[tuple[str, ...]]
    sentence_cum: list[float]
    function_words: list[str]
    period_words: list[tuple[int, int, tuple[str, ...]]]
    family: list[str]
    family_cum: list[float]
    middle: list[str]
    given: list[str]
    places: list[str]
    issuers: list[str]


def vocabulary() -> Vocabulary:
    topics, sentences = _split(TOPICS), _split(SENTENCES)
    names = {**MIDDLE_MALE, **MIDDLE_FEMALE}
    given = {**GIVEN_MALE, **GIVEN_FEMALE}
    return Vocabulary(
        types=[(code, tuple(tokens(name))) for code, name, _w in TYPES],
        type_cum=list(itertools.accumulate(w for *_x, w in TYPES)),
        topics=topics,
        topic_cum=list(itertools.accumulate(1 / r for r in range(1, len(topics) + 1))),
        actions=[tuple(tokens(a)) for a in ACTIONS],
        periods=[tuple(tokens(p)) for p in PERIODS],
        sentences=sentences,
        sentence_cum=list(itertools.accumulate(r**-1.1 for r in range(1, len(sentences) + 1))),
        function_words=tokens(FUNCTION_WORDS),
        period_words=[(a, b, tuple(tokens(text))) for (a, b), text in PERIOD_WORDS],
        family=[tokens(n)[0] for n in FAMILY],
        family_cum=list(itertools.accumulate(FAMILY.values())),
        middle=[tokens(n)[0] for n in names],
        given=[tokens(n)[0] for n in given],
        places=[tokens(s)[0] for s in PLACE_SYLLABLES],
        issuers=[tokens(i)[0] for i in ISSUERS],
    )
