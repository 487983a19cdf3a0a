"""Vietnamese names and places for generated data, weighted roughly as they occur.

Family-name shares follow published surveys (Nguyễn ~38%, Trần ~11%, Lê ~9.5%, ...); middle
and given names are the common ones, with Văn and Thị dominating as they do in the
generation that makes up most of today's Party membership.
"""

from __future__ import annotations

FAMILY: dict[str, float] = {
    "Nguyễn": 38.0, "Trần": 11.0, "Lê": 9.5, "Phạm": 7.0, "Phan": 4.5, "Hoàng": 3.5,
    "Vũ": 2.5, "Đặng": 2.1, "Bùi": 2.0, "Huỳnh": 1.5, "Võ": 1.4, "Đỗ": 1.4, "Hồ": 1.3,
    "Ngô": 1.3, "Dương": 1.0, "Đinh": 0.8, "Trương": 0.8, "Đoàn": 0.6, "Lý": 0.5,
    "Lương": 0.5, "Trịnh": 0.5, "Hà": 0.5, "Mai": 0.4, "Cao": 0.4, "Lâm": 0.3, "Lưu": 0.3,
    "Tạ": 0.2, "Tô": 0.2, "Chu": 0.2, "Triệu": 0.2, "Vương": 0.2, "Nông": 0.2, "Kiều": 0.1,
    "Quách": 0.1, "Lò": 0.1, "Hứa": 0.1,
}  # fmt: skip

MIDDLE_MALE: dict[str, float] = {
    "Văn": 45, "Đức": 8, "Minh": 7, "Hữu": 6, "Quốc": 5, "Công": 5, "Đình": 5, "Thanh": 4,
    "Quang": 4, "Xuân": 3, "Ngọc": 3, "Trọng": 3, "Anh": 2, "Tuấn": 2, "Hoàng": 2, "Duy": 2,
    "Thế": 2, "Việt": 2, "Bá": 1, "Khắc": 1, "Mạnh": 1, "Tiến": 1, "Văn Minh": 1,
}  # fmt: skip

MIDDLE_FEMALE: dict[str, float] = {
    "Thị": 55, "Ngọc": 6, "Thu": 5, "Thanh": 5, "Thị Thu": 4, "Minh": 3, "Kim": 3,
    "Hồng": 3, "Phương": 3, "Thùy": 3, "Thị Thanh": 3, "Bích": 2, "Mai": 2, "Thị Ngọc": 2,
    "Thị Kim": 2, "Thị Minh": 2, "Thị Hồng": 2, "Hoài": 1, "Diệu": 1, "Khánh": 1, "Quỳnh": 1,
    "Thị Bích": 1, "Thị Mai": 1,
}  # fmt: skip

GIVEN_MALE: dict[str, float] = {
    "Anh": 3, "Bảo": 1, "Bình": 2, "Cường": 2, "Chiến": 1, "Công": 1, "Dũng": 3, "Duy": 1,
    "Đạt": 2, "Định": 1, "Đông": 1, "Đức": 2, "Giang": 1, "Hà": 1, "Hải": 3, "Hiếu": 2,
    "Hiệp": 1, "Hòa": 2, "Hoàng": 1, "Hùng": 3, "Huy": 2, "Hưng": 2, "Khang": 1, "Khánh": 1,
    "Khoa": 1, "Kiên": 1, "Lâm": 1, "Linh": 1, "Long": 3, "Lộc": 1, "Lợi": 1, "Luân": 1,
    "Mạnh": 2, "Minh": 3, "Nam": 3, "Nghĩa": 2, "Nhân": 1, "Phong": 2, "Phúc": 2,
    "Phương": 1, "Quân": 2, "Quang": 2, "Quý": 1, "Sơn": 3, "Tài": 1, "Tâm": 1, "Tân": 1,
    "Thắng": 3, "Thành": 3, "Thanh": 2, "Thịnh": 1, "Thọ": 1, "Tiến": 2, "Toàn": 2,
    "Trí": 1, "Trung": 3, "Trường": 2, "Tú": 1, "Tuấn": 3, "Tùng": 2, "Việt": 2, "Vinh": 2,
    "Vũ": 1,
}  # fmt: skip

GIVEN_FEMALE: dict[str, float] = {
    "An": 1, "Anh": 3, "Bích": 1, "Chi": 1, "Dung": 2, "Duyên": 1, "Giang": 1, "Hà": 3,
    "Hạnh": 2, "Hằng": 3, "Hiền": 2, "Hoa": 3, "Hòa": 1, "Hồng": 2, "Huệ": 1, "Hương": 4,
    "Huyền": 2, "Lan": 3, "Liên": 2, "Linh": 3, "Loan": 2, "Ly": 1, "Mai": 3, "Minh": 1,
    "My": 1, "Nga": 3, "Ngân": 1, "Ngọc": 2, "Nhung": 2, "Nhàn": 1, "Oanh": 1, "Phương": 3,
    "Quỳnh": 1, "Tâm": 1, "Thảo": 3, "Thanh": 2, "Thoa": 1, "Thu": 2, "Thủy": 3, "Thúy": 2,
    "Thư": 1, "Trang": 3, "Trinh": 1, "Tuyết": 1, "Vân": 2, "Xuân": 1, "Yến": 2, "Uyên": 1,
    "Hậu": 1, "Lý": 1,
}  # fmt: skip

# The 63 provinces and centrally-run cities before the 2025 mergers, with the 3-digit code
# that opens a citizen ID (Thông tư 59/2021/TT-BCA). `True` marks a centrally-run city.
PROVINCES: list[tuple[str, str, bool]] = [
    ("001", "Hà Nội", True), ("002", "Hà Giang", False), ("004", "Cao Bằng", False),
    ("006", "Bắc Kạn", False), ("008", "Tuyên Quang", False), ("010", "Lào Cai", False),
    ("011", "Điện Biên", False), ("012", "Lai Châu", False), ("014", "Sơn La", False),
    ("015", "Yên Bái", False), ("017", "Hòa Bình", False), ("019", "Thái Nguyên", False),
    ("020", "Lạng Sơn", False), ("022", "Quảng Ninh", False), ("024", "Bắc Giang", False),
    ("025", "Phú Thọ", False), ("026", "Vĩnh Phúc", False), ("027", "Bắc Ninh", False),
    ("030", "Hải Dương", False), ("031", "Hải Phòng", True), ("033", "Hưng Yên", False),
    ("034", "Thái Bình", False), ("035", "Hà Nam", False), ("036", "Nam Định", False),
    ("037", "Ninh Bình", False), ("038", "Thanh Hóa", False), ("040", "Nghệ An", False),
    ("042", "Hà Tĩnh", False), ("044", "Quảng Bình", False), ("045", "Quảng Trị", False),
    ("046", "Thừa Thiên Huế", False), ("048", "Đà Nẵng", True), ("049", "Quảng Nam", False),
    ("051", "Quảng Ngãi", False), ("052", "Bình Định", False), ("054", "Phú Yên", False),
    ("056", "Khánh Hòa", False), ("058", "Ninh Thuận", False), ("060", "Bình Thuận", False),
    ("062", "Kon Tum", False), ("064", "Gia Lai", False), ("066", "Đắk Lắk", False),
    ("067", "Đắk Nông", False), ("068", "Lâm Đồng", False), ("070", "Bình Phước", False),
    ("072", "Tây Ninh", False), ("074", "Bình Dương", False), ("075", "Đồng Nai", False),
    ("077", "Bà Rịa - Vũng Tàu", False), ("079", "Hồ Chí Minh", True),
    ("080", "Long An", False), ("082", "Tiền Giang", False), ("083", "Bến Tre", False),
    ("084", "Trà Vinh", False), ("086", "Vĩnh Long", False), ("087", "Đồng Tháp", False),
    ("089", "An Giang", False), ("091", "Kiên Giang", False), ("092", "Cần Thơ", True),
    ("093", "Hậu Giang", False), ("094", "Sóc Trăng", False), ("095", "Bạc Liêu", False),
    ("096", "Cà Mau", False),
]  # fmt: skip

# Syllables that Vietnamese districts, communes and villages are commonly named from.
PLACE_SYLLABLES = [
    "An", "Bình", "Phú", "Tân", "Thạnh", "Hòa", "Đông", "Tây", "Nam", "Bắc", "Vĩnh", "Long",
    "Gia", "Quảng", "Hưng", "Thuận", "Yên", "Sơn", "Lộc", "Xuân", "Phước", "Mỹ", "Đức", "Hải",
    "Thanh", "Trung", "Hiệp", "Lợi", "Thịnh", "Cát", "Hội", "Kim", "Lạc", "Nghĩa", "Phong",
    "Quang", "Thái", "Thủy", "Trường", "Tiến", "Hậu", "Định", "Châu", "Mai", "Lâm", "Hà", "Thọ",
    "Tường", "Khánh", "Hồng", "Liên", "Minh", "Nhân",
]  # fmt: skip

# Departments of a provincial committee and of a district committee: (name, abbreviation).
PROVINCE_DEPARTMENTS = [
    ("Ban Tổ chức", "BTCTU"),
    ("Ủy ban Kiểm tra", "UBKTTU"),
    ("Ban Tuyên giáo", "BTGTU"),
    ("Ban Dân vận", "BDVTU"),
    ("Văn phòng", "VPTU"),
]
DISTRICT_DEPARTMENTS = [
    ("Ban Tổ chức", "BTCHU"),
    ("Ủy ban Kiểm tra", "UBKTHU"),
    ("Văn phòng", "VPHU"),
]
DISTRICT_KINDS = [
    ("huyện", "HU", 6),
    ("quận", "QU", 1),
    ("thị xã", "TXU", 1),
    ("thành phố", "ThU", 1),
]
GRASSROOTS_KINDS = [
    "xã", "xã", "xã", "phường", "thị trấn", "Công ty", "Trường", "Bệnh viện", "Sở", "Cục",
]  # fmt: skip
CELL_KINDS = ["thôn", "thôn", "khu phố", "ấp", "tổ dân phố", "Phòng", "Khoa", "Trường", "bản"]
