"""Demo reference data: the region chains of domain.md §5.2, one creation unit per county, and the
people who work each level. Codes are GB/T 2260 / NBS codes; the two villages whose 12-digit codes
were not found carry placeholder codes and are marked provisional."""

from __future__ import annotations

PASSWORD = "brandcert-demo"

# (code, name, level, parent, provisional)
REGIONS: list[tuple[str, str, str, str | None, bool]] = [
    ("100000", "中华人民共和国", "nation", None, False),
    ("610000", "陕西省", "province", "100000", False),
    ("610300", "宝鸡市", "city", "610000", False),
    ("610323", "岐山县", "county", "610300", False),
    ("610326", "眉县", "county", "610300", False),
    ("610323101", "蔡家坡镇", "township", "610323", False),
    ("610323101900", "岐星村", "village", "610323101", True),
    ("510000", "四川省", "province", "100000", False),
    ("513300", "甘孜藏族自治州", "city", "510000", False),
    ("513322", "泸定县", "county", "513300", False),
    ("513322101", "冷碛镇", "township", "513322", False),
    ("513322101900", "杵坭村", "village", "513322101", True),
    ("220000", "吉林省", "province", "100000", False),
    ("450000", "广西壮族自治区", "province", "100000", False),
    ("450200", "柳州市", "city", "450000", False),
    ("450223", "鹿寨县", "county", "450200", False),
    ("450222", "柳城县", "county", "450200", False),
    ("450223103", "寨沙镇", "township", "450223", False),
    ("450223103204", "寨沙村委会", "village", "450223103", False),
]

# (unit name, unit type, county code, applicant username)
UNITS = [
    ("岐山县西岐名吃产业协会", "行业协会", "610323", "xiqi.unit"),
    ("泸定县红城工匠劳务专业合作社", "劳务专业合作社", "513322", "hongcheng.unit"),
    ("鹿寨县螺蛳粉产业发展有限公司", "企业", "450223", "luzhai.unit"),
]

# (username prefix, region code, display name of the office): officials at every level (townships
# too, for a diagram that adds a township review), experts (3 each) at county, city and province,
# an auditor at each province.
OFFICES = [
    ("nation", "100000", "人社部劳务品牌工作专班"),
    ("shaanxi", "610000", "陕西省人力资源和社会保障厅"),
    ("baoji", "610300", "宝鸡市人力资源和社会保障局"),
    ("qishan", "610323", "岐山县人力资源和社会保障局"),
    ("meixian", "610326", "眉县人力资源和社会保障局"),
    ("caijiapo", "610323101", "蔡家坡镇人民政府"),
    ("qixing", "610323101900", "岐星村村民委员会"),
    ("sichuan", "510000", "四川省人力资源和社会保障厅"),
    ("ganzi", "513300", "甘孜州人力资源和社会保障局"),
    ("luding", "513322", "泸定县人力资源和社会保障局"),
    ("lengqi", "513322101", "冷碛镇人民政府"),
    ("chuni", "513322101900", "杵坭村村民委员会"),
    ("guangxi", "450000", "广西壮族自治区人力资源和社会保障厅"),
    ("liuzhou", "450200", "柳州市人力资源和社会保障局"),
    ("luzhai", "450223", "鹿寨县人力资源和社会保障局"),
    ("liucheng", "450222", "柳城县人力资源和社会保障局"),
    ("zhaisha", "450223103204", "寨沙村村民委员会"),
]
COLLEAGUE_OFFICES = ("qishan", "baoji", "shaanxi")
"""Offices with a second official in the demo (see `scenario._colleagues`)."""
EXPERT_POOLS = ["610000", "610300", "610323", "510000", "513300", "513322", "450000", "450200", "450223"]
EXPERTS_PER_POOL = 3
AUDITORS = ["610000", "510000", "450000"]
INSPECTORS = ["610323", "513322", "450223"]
"""Counties whose spot checks the demo staffs with an inspector (检查人员)."""


def application_form(brand_name: str, brand_type: str, industry: str, trades: str, base_region: str,
                     practitioners: int, workers: int, trained: int, leader: str) -> dict[str, object]:
    return {
        "brand_name": brand_name, "brand_type": brand_type, "industry": industry, "trades": trades,
        "base_region": base_region, "practitioners": practitioners, "agreement_workers": workers,
        "trained_this_year": trained,
        "certificates": {"vocational_qualification": practitioners // 10, "skill_level": practitioners // 5,
                         "special_ability": practitioners // 20, "training": practitioners // 2},
        "representatives": [{"role": "领军人", "name": leader, "intro": "从业二十余年，带徒百余人。"}],
        "development_plan": "三年内扩大培训规模，完善技能标准和品牌标识，建立稳定的劳务输出渠道。",
        "integrity_pledge": True,
    }
