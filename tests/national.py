"""More provinces with their own plan, to check that pages do not grow with the data."""

from tests.personas import seed_bytes
from xanh.core.services import SYSTEM
from xanh.organizations.services import create_organization
from xanh.plans.services import import_plan

PROVINCE_NAMES = ["Nghệ An", "Hà Tĩnh", "Quảng Trị", "Lạng Sơn", "Cao Bằng", "Sơn La", "Điện Biên", "Lai Châu",
                  "Tuyên Quang", "Lào Cai", "Thái Nguyên", "Phú Thọ", "Bắc Ninh", "Hưng Yên", "Hải Phòng", "Ninh Bình",
                  "Quảng Ninh", "Hà Nội", "Huế", "Đà Nẵng", "Quảng Ngãi", "Gia Lai", "Đắk Lắk", "Khánh Hòa",
                  "Lâm Đồng", "Đồng Nai", "Tây Ninh", "Hồ Chí Minh", "Đồng Tháp", "An Giang", "Vĩnh Long", "Cần Thơ",
                  "Cà Mau"]


def province_plan(index: int, activate=True):
    """The seed plan re-issued by another province (its own registry is empty: every assignee
    is then unresolved, which pages must still show in a fixed number of queries)."""
    name = PROVINCE_NAMES[index]
    province = create_organization(SYSTEM, code=f"p{index:02d}-ubnd", name=f"Ủy ban nhân dân tỉnh {name}",
                                   kind="province")
    text = seed_bytes().decode("utf-8").replace("TỈNH THANH HÓA**", f"TỈNH {name.upper()}**", 1)
    text = text.replace("3825 /QĐ-UBND", f"{100 + index} /QĐ-UBND", 1)
    text = text.replace("tỉnh Thanh Hóa giai đoạn 2021 - 2030**", f"tỉnh {name} giai đoạn 2021 - 2030**", 1)
    return province, import_plan(SYSTEM, text.encode(), f"{name}.txt", activate=activate).plan
