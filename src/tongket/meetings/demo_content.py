"""Texts the demo draws from: key tasks, assignments, progress notes, synthetic names.

All of it is invented for the demo database; none of the names is a real person's.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random

SYNTHETIC_REF = "Dữ liệu mẫu (giả lập) / demo data (synthetic)"

SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương")
MIDDLE = ("Văn", "Thị", "Hữu", "Đức", "Minh", "Quang", "Thanh", "Ngọc", "Xuân", "Thu")
GIVEN = (
    "An", "Bình", "Cường", "Dũng", "Giang", "Hải", "Hà", "Hương", "Khánh", "Lan", "Long", "Mai",
    "Nam", "Phong", "Quân", "Sơn", "Thảo", "Trung", "Tuấn", "Việt", "Yến", "Hiếu", "Hòa", "Linh",
)  # fmt: skip

# Key tasks of a department's yearly plan; the digital-transformation one from 2020.
KEY_TASKS = (
    "Đẩy mạnh ứng dụng công nghệ thông tin trong hoạt động của cơ quan nhà nước, xây dựng "
    "chính quyền điện tử",
    "Nâng cao chất lượng công tác thông tin, tuyên truyền; quản lý tốt hoạt động báo chí, "
    "xuất bản trên địa bàn",
    "Tăng cường quản lý nhà nước về bưu chính, viễn thông; phát triển hạ tầng viễn thông thụ động",
    "Bảo đảm an toàn, an ninh thông tin mạng trong các cơ quan nhà nước của tỉnh",
    "Phát triển nguồn nhân lực công nghệ thông tin; tập huấn, chuyển giao công nghệ cho cơ sở",
)
KEY_TASK_DX = "Thúc đẩy chuyển đổi số, phát triển chính quyền số, kinh tế số và xã hội số"

# (text, lead, supporting, month of the deadline, day) — lead/supporting: "dept" or an
# enterprise code of the reference data.
ANNUAL_ITEMS = (
    ("Xây dựng, trình UBND tỉnh ban hành Kế hoạch ứng dụng công nghệ thông tin năm {year}",
     "dept", (), 3, 31),
    ("Rà soát, cập nhật quy hoạch hạ tầng kỹ thuật viễn thông thụ động của tỉnh",
     "dept", ("DN.VNPT", "DN.VIETTEL"), 6, 30),
    ("Chỉnh trang, ngầm hóa cáp viễn thông trên các tuyến đường trung tâm",
     "DN.VNPT", ("DN.VIETTEL", "dept"), 9, 30),
    ("Phát triển trạm phát sóng tại các thôn, bản còn lõm sóng di động",
     "DN.VIETTEL", ("DN.VNPT", "DN.MOBIFONE"), 12, 15),
    ("Tổ chức diễn tập ứng cứu sự cố an toàn thông tin mạng cấp tỉnh", "dept", (), 11, 30),
    ("Mở rộng dịch vụ công trực tuyến, tăng tỷ lệ hồ sơ tiếp nhận và xử lý trực tuyến",
     "dept", (), 9, 30),
    ("Nâng cao chất lượng dịch vụ bưu chính công ích tại các điểm Bưu điện - Văn hóa xã",
     "DN.VNPOST", ("dept",), 10, 31),
    ("Tập huấn kỹ năng ứng dụng công nghệ thông tin cho cán bộ, công chức cấp xã",
     "dept", (), 10, 31),
)  # fmt: skip
QUARTER_ITEMS = (
    ("Bảo đảm thông tin liên lạc phục vụ phòng, chống thiên tai và tìm kiếm cứu nạn",
     "DN.VNPT", ("DN.VIETTEL", "DN.VNPOST")),
    ("Báo cáo tình hình phát triển thuê bao băng rộng cố định và di động trên địa bàn",
     "DN.VIETTEL", ("DN.VNPT", "DN.FPTTELECOM")),
    ("Xử lý dứt điểm tình trạng cáp treo mất an toàn tại các khu dân cư",
     "DN.VNPT", ("DN.VIETTEL", "DN.FPTTELECOM")),
    ("Phối hợp chặn lọc tin nhắn rác, cuộc gọi lừa đảo", "DN.MOBIFONE", ("DN.VIETTEL", "DN.VNPT")),
    ("Rà soát việc dùng chung cơ sở hạ tầng viễn thông giữa các doanh nghiệp",
     "dept", ("DN.VNPT", "DN.VIETTEL", "DN.MOBIFONE")),
)  # fmt: skip
MONTH_ITEMS = (
    "Hoàn thiện báo cáo thống kê định kỳ của ngành gửi Bộ và UBND tỉnh",
    "Tham mưu văn bản hướng dẫn tuyên truyền các sự kiện chính trị trong tháng",
    "Kiểm tra hoạt động của các đài truyền thanh cấp xã",
    "Cập nhật số liệu dịch vụ công trực tuyến trên Cổng thông tin điện tử tỉnh",
    "Rà soát hồ sơ đề xuất cấp độ an toàn hệ thống thông tin của các sở, ngành",
    "Chuẩn bị nội dung làm việc với đoàn kiểm tra của Bộ",
)
PROGRESS_NOTES = (
    "Đã xây dựng dự thảo, đang lấy ý kiến các đơn vị liên quan",
    "Đang triển khai, đã hoàn thành khảo sát hiện trạng",
    "Đã triển khai tại phần lớn địa bàn, đang tổng hợp kết quả",
    "Đã làm việc với các doanh nghiệp, thống nhất lộ trình thực hiện",
)
COLLECTIVES = (
    "Văn phòng Sở",
    "Phòng Bưu chính, Viễn thông",
    "Phòng Công nghệ thông tin",
    "Phòng Thông tin - Báo chí - Xuất bản",
    "Thanh tra Sở",
    "Trung tâm Công nghệ thông tin và Truyền thông",
)
ROMAN = ("I", "II", "III", "IV")


def rng(*key: object) -> random.Random:
    """A generator seeded by ``key``: the demo writes the same data on every run."""
    digest = hashlib.blake2b("|".join(map(str, key)).encode(), digest_size=8).digest()
    return random.Random(int.from_bytes(digest, "big"))


def person_name(*key: object) -> str:
    r = rng("name", *key)
    middle = r.choice(MIDDLE)
    return f"{r.choice(SURNAMES)} {middle} {r.choice(GIVEN)}"


def month_end(year: int, month: int) -> dt.date:
    return (dt.date(year + month // 12, month % 12 + 1, 1)) - dt.timedelta(days=1)
