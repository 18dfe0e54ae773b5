"""Bulk open data per year and county, from what was published only: projects,
contracts, providers and evaluation results as CSV, XLSX or JSON.

A spreadsheet runs a cell that begins with ``=``, ``+``, ``-`` or ``@`` as a formula
(and so can be made to fetch or run things): every such text is neutralised with a
leading apostrophe, in every format, so no download can carry a formula.
"""

from __future__ import annotations

import json

from goumai.core.spreadsheets import csv_bytes, safe_cell, workbook_bytes
from goumai.disclosure.models import Publication, PublicProject
from goumai.regions.models import Region

DATASETS = {
    "projects": (
        "购买项目",
        [
            ("code", "项目编号"),
            ("title", "项目名称"),
            ("purchaser", "购买主体"),
            ("fiscal_year", "预算年度"),
            ("catalog_item", "服务事项"),
            ("budget_amount", "预算（元）"),
            ("stages", "已公开事项"),
        ],
    ),
    "contracts": (
        "合同",
        [
            ("project_code", "项目编号"),
            ("number", "合同编号"),
            ("provider", "承接主体"),
            ("provider_identifier", "统一社会信用代码"),
            ("amount", "合同金额（元）"),
            ("start_date", "服务开始"),
            ("end_date", "服务结束"),
            ("signed_on", "签订日期"),
        ],
    ),
    "providers": (
        "承接主体",
        [
            ("name", "名称"),
            ("kind", "类型"),
            ("identifier", "统一社会信用代码（个人已遮蔽）"),
            ("region", "所在地"),
            ("contracts", "本批合同数"),
        ],
    ),
    "evaluations": (
        "绩效评价结果",
        [
            ("project_code", "项目编号"),
            ("score", "综合得分"),
            ("grade", "等级"),
            ("framework", "指标体系"),
            ("satisfaction_answers", "满意度答卷数"),
            ("satisfaction_score", "满意度得分"),
            ("finished_on", "完成日期"),
        ],
    ),
}


def neutralise(value) -> str:
    """As text, neutralised like every spreadsheet cell (``core.spreadsheets.safe_cell``)."""
    return safe_cell("" if value is None else str(value))


def rows(dataset: str, *, year: int, county: Region) -> list[dict]:
    listed = PublicProject.objects.filter(
        fiscal_year=year, scope_path__startswith=county.path
    ).order_by("code")
    if dataset == "projects":
        return [
            {
                "code": p.code,
                "title": p.title,
                "purchaser": p.purchaser,
                "fiscal_year": p.fiscal_year,
                "catalog_item": p.catalog_item,
                "budget_amount": p.budget_amount,
                "stages": "、".join(p.stages),
            }
            for p in listed
        ]
    stage = {"contracts": "contract", "providers": "contract", "evaluations": "evaluation"}[dataset]
    current = Publication.objects.filter(
        project_id__in=listed.values("project_id"), stage=stage, superseded_at__isnull=True
    ).order_by("seq")
    if dataset == "contracts":
        return [
            {
                "project_code": p.snapshot["project"]["code"],
                "number": c["number"],
                "provider": c["provider"]["name"],
                "provider_identifier": c["provider"]["identifier"],
                "amount": c["amount"],
                "start_date": c["start_date"],
                "end_date": c["end_date"],
                "signed_on": c["signed_on"],
            }
            for p in current
            for c in [p.snapshot["contract"]]
        ]
    if dataset == "providers":
        seen: dict[str, dict] = {}
        for p in current:
            provider = p.snapshot["contract"]["provider"]
            row = seen.setdefault(
                provider["identifier"] or provider["name"], {**provider, "contracts": 0}
            )
            row["contracts"] += 1
        return list(seen.values())
    return [
        {
            "project_code": p.snapshot["project"]["code"],
            "score": e["score"],
            "grade": e["grade"],
            "framework": e["framework"],
            "satisfaction_answers": (e.get("satisfaction") or {}).get("answers"),
            "satisfaction_score": (e.get("satisfaction") or {}).get("score"),
            "finished_on": e.get("finished_on"),
        }
        for p in current
        for e in [p.snapshot["evaluation"]]
    ]


def render(dataset: str, fmt: str, data: list[dict]) -> tuple[bytes, str]:
    title, columns = DATASETS[dataset]
    keys = [k for k, _label in columns]
    if fmt == "json":
        body = [{k: neutralise(row.get(k)) for k in keys} for row in data]
        return json.dumps(body, ensure_ascii=False, indent=1).encode(), "application/json"
    table = [[neutralise(row.get(k)) for k in keys] for row in data]
    header = [label for _k, label in columns]
    if fmt == "xlsx":
        return (
            workbook_bytes(title, header, table),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    return csv_bytes(header, table), "text/csv; charset=utf-8"
