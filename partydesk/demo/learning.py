"""Demo step: the Bloc committee's question bank starts with questions on the Party Charter
and Party history (GIFT, imported through the bank's own import service), so the bank's
pages, exports and, later, exams have something to show."""

from __future__ import annotations

from partydesk.core.http import SYSTEM
from partydesk.demo.context import DemoContext
from partydesk.learning.services.bank_import import bank_import

QUESTIONS = r"""// Câu hỏi mẫu của bản demo: Điều lệ Đảng và lịch sử Đảng
$CATEGORY: $course$/top/Điều lệ Đảng/Đảng viên

::Tuổi vào Đảng::Người được xem xét kết nạp vào Đảng phải đủ bao nhiêu tuổi (tính theo tháng)? {
  =18 tuổi
  ~16 tuổi
  ~20 tuổi
  ~21 tuổi
}

::Thời gian dự bị::Thời gian dự bị của đảng viên là bao lâu? {
  =12 tháng#Đúng: mười hai tháng, tính từ ngày chi bộ tổ chức lễ kết nạp.
  ~6 tháng
  ~18 tháng
  ~24 tháng
}

::Người giới thiệu::Người vào Đảng phải được mấy đảng viên chính thức giới thiệu? {
  =Hai đảng viên chính thức
  ~Một đảng viên chính thức
  ~Ba đảng viên chính thức
  ~Không cần người giới thiệu
}

::Quyền của đảng viên dự bị::Đảng viên dự bị có quyền biểu quyết, ứng cử và bầu cử
cơ quan lãnh đạo của Đảng. {F#Đảng viên dự bị có các quyền như đảng viên chính thức,
trừ quyền biểu quyết, ứng cử và bầu cử cơ quan lãnh đạo của Đảng.}

::Hình thức kỷ luật::Chọn các hình thức kỷ luật đối với đảng viên chính thức. {
  ~%25%Khiển trách
  ~%25%Cảnh cáo
  ~%25%Cách chức
  ~%25%Khai trừ
  ~%-100%Buộc thôi việc#Đây là hình thức kỷ luật công chức, không phải kỷ luật đảng.
}

$CATEGORY: $course$/top/Điều lệ Đảng/Tổ chức

::Nguyên tắc tổ chức::Nguyên tắc tổ chức cơ bản của Đảng là gì? {
  =Tập trung dân chủ
  ~Tự phê bình và phê bình
  ~Đoàn kết thống nhất
  ~Gắn bó mật thiết với nhân dân
}

::Sinh hoạt chi bộ::Chi bộ sinh hoạt thường kỳ bao lâu một lần? {
  =Mỗi tháng một lần
  ~Mỗi quý một lần
  ~Mỗi năm hai lần
  ~Khi cấp ủy cấp trên triệu tập
}

::Cơ quan lãnh đạo cao nhất::Cơ quan lãnh đạo cao nhất của Đảng là gì? {
  =Đại hội đại biểu toàn quốc
  ~Ban Chấp hành Trung ương
  ~Bộ Chính trị
  ~Ban Bí thư
}

$CATEGORY: $course$/top/Lịch sử Đảng

::Ngày thành lập Đảng::Đảng Cộng sản Việt Nam được thành lập ngày nào? {
  =03/02/1930
  ~19/5/1930
  ~02/9/1945
  ~19/12/1946
}

::Năm thành lập Đảng::Đảng Cộng sản Việt Nam ra đời năm nào? {=1930}

::Nền tảng tư tưởng::Đảng lấy gì làm nền tảng tư tưởng, kim chỉ nam cho hành động? {
  =Chủ nghĩa Mác - Lê-nin và tư tưởng Hồ Chí Minh
  ~Chủ nghĩa Mác - Lê-nin
  ~Tư tưởng Hồ Chí Minh
  ~Cương lĩnh chính trị của Đảng
}

::Cảm nghĩ::Nêu những việc đồng chí sẽ làm để học tập và làm theo tư tưởng, đạo đức,
phong cách Hồ Chí Minh trong năm tới. {}
"""


def seed(ctx: DemoContext) -> None:
    """Import the sample questions into the Bloc committee's bank."""
    if ctx.root is None:
        return
    result = bank_import(
        actor=SYSTEM, organization=ctx.root, data=QUESTIONS.encode("utf-8"), fmt="gift"
    )
    ctx.count("bank questions", result.created)
