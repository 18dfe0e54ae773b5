"""The national negative list (MoF Order No. 102, art. 10): what is never purchasable
as a service. A catalog item whose name shows one of these kinds is refused; the
person adding an item also records why it is a service."""

from __future__ import annotations

from dataclasses import dataclass

# (category, Chinese label, words that reveal it in an item's name)
CATEGORIES: list[tuple[str, str, tuple[str, ...]]] = [
    ("goods", "货物", ("采购设备", "购置", "设备采购", "物资采购", "购买设备", "货物")),
    (
        "works",
        "工程（含工程与服务打包）",
        ("施工", "工程建设", "建设工程", "新建", "改建", "扩建", "装修", "修缮工程"),
    ),
    ("financing", "融资", ("融资", "贷款", "借款")),
    (
        "staffing",
        "雇用人员、劳务派遣、公益性岗位",
        ("劳务派遣", "公益性岗位", "招聘", "雇用人员", "聘用人员", "人员派遣"),
    ),
    (
        "inherent_duty",
        "应由政府直接履职的事项",
        ("行政审批", "行政许可", "行政处罚", "行政强制", "行政执法"),
    ),
]


@dataclass(frozen=True)
class NegativeHit:
    category: str
    label: str
    word: str

    @property
    def message(self) -> str:
        return f"名称含“{self.word}”，属于负面清单中的“{self.label}”，不得列入政府购买服务目录。"


def screen(name: str) -> NegativeHit | None:
    for category, label, words in CATEGORIES:
        for word in words:
            if word in name:
                return NegativeHit(category, label, word)
    return None
