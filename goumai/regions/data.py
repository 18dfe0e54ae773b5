"""Reference facts about Sichuan that the official code list does not carry."""

PROVINCE_CODE = "510000"

# The five economic regions (四川省五大经济区) and the 市州 in each, by short name.
ECONOMIC_REGIONS: list[tuple[str, str, list[str]]] = [
    (
        "chengdu_plain",
        "成都平原经济区",
        ["成都", "德阳", "绵阳", "遂宁", "乐山", "雅安", "眉山", "资阳"],
    ),
    ("south_sichuan", "川南经济区", ["自贡", "泸州", "内江", "宜宾"]),
    ("northeast_sichuan", "川东北经济区", ["广元", "南充", "广安", "达州", "巴中"]),
    ("panxi", "攀西经济区", ["攀枝花", "凉山"]),
    ("northwest_sichuan", "川西北生态示范区", ["阿坝", "甘孜"]),
]


def economic_region_code_for(city_name: str) -> str | None:
    for code, _name, cities in ECONOMIC_REGIONS:
        if any(city_name.startswith(short) for short in cities):
            return code
    return None


def kind_for(level: int, name: str) -> str:
    """The kind of a division, read from the suffix of its official name."""
    if level == 1:
        return "province"
    if level == 2:
        return "autonomous_prefecture" if name.endswith("自治州") else "prefecture_city"
    if level == 3:
        if name.endswith("自治县"):
            return "autonomous_county"
        if name.endswith("县"):
            return "county"
        if name.endswith("区"):
            return "district"
        if name.endswith("市"):
            return "county_city"
    if level == 4:
        if name.endswith("街道"):
            return "subdistrict"
        if name.endswith("镇"):
            return "town"
        if name.endswith("乡"):
            return "township"
    raise ValueError(f"cannot tell the kind of level-{level} division {name!r}")
