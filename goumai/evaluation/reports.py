"""Evaluation reports as Word (python-docx) and PDF (fpdf2, the shipped CJK font
embedded as a subset), per project and per county / sector / year; and the figures
behind the charts.

Both formats are made from one plain structure (``project_report`` or
``summary_report``), so the Word file, the PDF and the page say the same thing.
"""

from __future__ import annotations

import io
import logging
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db.models import QuerySet
from docx import Document
from docx.shared import Pt
from fpdf import FPDF
from fpdf.fonts import FontFace

from goumai.core import rounding
from goumai.core.jurisdiction import scope
from goumai.core.roles import Sector
from goumai.evaluation import services
from goumai.evaluation.models import Evaluation, Grade, Part
from goumai.providers.models import Provider

# fontTools reports every subsetting step at INFO; keep the console for what matters.
logging.getLogger("fontTools").setLevel(logging.WARNING)
FONTS = Path(__file__).resolve().parent.parent / "core" / "fonts"
GRADES = [(g.value, g.label) for g in Grade]
# The shipped font has one weight: headings stand out by their shading.
HEADINGS = FontFace(emphasis=None, fill_color=(238, 242, 246))


@dataclass
class Report:
    title: str
    facts: list[tuple[str, str]]
    tables: list[tuple[str, list[str], list[list[str]]]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def project_report(evaluation: Evaluation) -> Report:
    project = evaluation.project
    scorings = {s.part: s for s in evaluation.scorings.all() if s.submitted_at}
    parts = [p for p in Part.values if p in scorings]
    facts = [
        ("项目编号", project.code),
        ("项目名称", project.title),
        ("购买主体", project.purchaser.name),
        ("承接主体", project.contract.provider.name),
        ("目录条目", project.catalog_entry.name),
        ("预算年度", str(project.fiscal_year)),
        ("项目预算", f"{project.budget_amount:,.2f} 元"),
        ("已支付", f"{project.paid_amount:,.2f} 元"),
        ("指标体系", str(evaluation.framework)),
        ("综合得分", f"{evaluation.score} 分" if evaluation.score is not None else "评价中"),
        ("评价等级", evaluation.get_grade_display() or "—"),
    ]
    satisfaction = evaluation.breakdown.get("satisfaction", {})
    if satisfaction:
        facts.append(
            (
                "服务对象满意度",
                f"{satisfaction.get('score') or '—'} 分（{satisfaction.get('answers', 0)} 份答卷）",
            )
        )
    weights = evaluation.breakdown.get("parts", {})
    part_rows = [
        [
            Part(p).label + ("（纸质代录）" if scorings[p].entered_on_paper else ""),
            str(scorings[p].total),
            weights.get(p, {}).get("weight", "—"),
        ]
        for p in parts
    ]
    leaves = {p: {leaf.indicator_id: leaf for leaf in scorings[p].leaves.all()} for p in parts}
    by_id = {i.pk: i for i in evaluation.framework.indicators.all()}
    leaf_rows = []
    for indicator, points in services.leaves_of(evaluation.framework):
        names, node = [], indicator
        while node is not None:
            names.append(node.name)
            node = by_id.get(node.parent_id)
        row = [" › ".join(reversed(names)), f"{rounding.points(points)}"]
        for p in parts:
            leaf = leaves[p].get(indicator.pk)
            row.append(f"{leaf.score}%" if leaf else "—")
        leaf_rows.append(row)
    flags = [f"{f.get_kind_display()}：{f.reason}" for f in evaluation.flags.all()]
    return Report(
        title=f"{project.title} 绩效评价报告",
        facts=facts,
        tables=[
            ("各评价方得分", ["评价方", "得分", "权重"], part_rows),
            ("指标得分（得分率）", ["指标", "分值", *(Part(p).label for p in parts)], leaf_rows),
        ],
        notes=flags,
    )


# --- county / sector / year -----------------------------------------------------------------


def finished_evaluations(
    *, actor, year: int | None = None, region_code: str | None = None, sector: str | None = None
) -> QuerySet[Evaluation]:
    """Finished evaluations of projects inside the actor's jurisdiction."""
    evaluations = scope(
        Evaluation.objects.filter(status=Evaluation.Status.FINISHED),
        actor,
        path_field="project__scope_path",
        sector_field="project__sector",
    )
    if year:
        evaluations = evaluations.filter(project__fiscal_year=year)
    if region_code:
        evaluations = evaluations.filter(project__scope_path__contains=f"/{region_code}/")
    if sector:
        evaluations = evaluations.filter(project__sector=sector)
    return evaluations.select_related(
        "project__purchaser__region__parent", "project__contract__provider"
    ).order_by("project__code")


def _pct(n: int, total: int) -> str:
    return f"{Decimal(n * 100) / total:.1f}%" if total else "—"


def summary_figures(evaluations) -> dict:
    """Grade counts overall, by county, by sector, by provider kind and by year; the
    mean score. One pass over the rows, so it scales with the rows read."""
    overall: Counter = Counter()
    by_county: dict[str, Counter] = defaultdict(Counter)
    by_sector: dict[str, Counter] = defaultdict(Counter)
    by_kind: dict[str, Counter] = defaultdict(Counter)
    by_year: dict[int, list[Decimal]] = defaultdict(list)
    total = Decimal(0)
    rows = []
    kinds = dict(Provider.Kind.choices)
    sectors = dict(Sector.choices)
    for e in evaluations:
        project = e.project
        region = project.purchaser.region
        county = region.parent.name if region.level == 4 and region.parent else region.name
        provider = project.contract.provider
        overall[e.grade] += 1
        by_county[county][e.grade] += 1
        by_sector[sectors.get(project.sector, "其他")][e.grade] += 1
        by_kind[kinds.get(provider.kind, provider.kind)][e.grade] += 1
        by_year[project.fiscal_year].append(e.score)
        total += e.score
        rows.append((project, provider, e))
    count = sum(overall.values())
    mean = rounding.points(total / count) if count else None

    def series(groups):
        return [
            {"label": label, "counts": [groups[label][g] for g, _l in GRADES]}
            for label in sorted(groups)
        ]

    return {
        "count": count,
        "mean": mean,
        "grades": [{"grade": g, "label": label, "count": overall[g]} for g, label in GRADES],
        "by_county": series(by_county),
        "by_sector": series(by_sector),
        "by_kind": series(by_kind),
        "years": [
            {
                "year": year,
                "mean": str(rounding.points(sum(s) / len(s))),
                "count": len(s),
            }
            for year, s in sorted(by_year.items())
        ],
        "rows": rows,
    }


def summary_report(figures: dict, *, title: str) -> Report:
    count = figures["count"]
    facts = [
        ("评价项目数", str(count)),
        ("平均得分", f"{figures['mean']} 分" if figures["mean"] is not None else "—"),
    ]
    facts += [
        (f"{g['label']}", f"{g['count']} 个（{_pct(g['count'], count)}）")
        for g in figures["grades"]
    ]
    labels = [label for _g, label in GRADES]
    tables = [
        (name, [heading, *labels], [[s["label"], *map(str, s["counts"])] for s in figures[key]])
        for name, heading, key in (
            ("按县（市、区）", "县（市、区）", "by_county"),
            ("按行业", "行业", "by_sector"),
            ("按承接主体类型", "承接主体类型", "by_kind"),
        )
    ]
    tables.append(
        (
            "项目明细",
            ["项目编号", "项目名称", "承接主体", "得分", "等级"],
            [
                [p.code, p.title, provider.name, str(e.score), e.get_grade_display()]
                for p, provider, e in figures["rows"][:2000]
            ],
        )
    )
    return Report(title=title, facts=facts, tables=tables)


# --- rendering ------------------------------------------------------------------------------


def to_docx(report: Report) -> bytes:
    document = Document()
    style = document.styles["Normal"]
    style.font.size = Pt(10.5)
    document.add_heading(report.title, level=1)
    facts = document.add_table(rows=0, cols=2)
    facts.style = "Table Grid"
    for label, value in report.facts:
        cells = facts.add_row().cells
        cells[0].text, cells[1].text = label, value
    for name, header, rows in report.tables:
        document.add_heading(name, level=2)
        table = document.add_table(rows=1, cols=len(header))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, header, strict=True):
            cell.text = text
        for row in rows:
            for cell, text in zip(table.add_row().cells, row, strict=True):
                cell.text = text
    if report.notes:
        document.add_heading("形式化预警", level=2)
        for note in report.notes:
            document.add_paragraph(note, style="List Bullet")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def cjk_pdf() -> FPDF:
    """An A4 document writing Latin letters and digits in DejaVu Sans and Chinese in
    Droid Sans Fallback; fpdf2 embeds only the glyphs used."""
    pdf = FPDF(format="A4")
    pdf.add_font("sans", fname=str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("han", fname=str(FONTS / "DroidSansFallbackFull.ttf"))
    pdf.set_fallback_fonts(["han"])
    return pdf


def to_pdf(report: Report) -> bytes:
    pdf = cjk_pdf()
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("sans", size=16)
    pdf.multi_cell(0, 10, report.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("sans", size=10)
    for label, value in report.facts:
        pdf.multi_cell(0, 6, f"{label}：{value}", new_x="LMARGIN", new_y="NEXT")
    for name, header, rows in report.tables:
        pdf.ln(3)
        pdf.set_font("sans", size=12)
        pdf.multi_cell(0, 8, name, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("sans", size=9)
        widths = _widths(len(header), pdf.epw)
        with pdf.table(
            col_widths=widths, text_align="LEFT", line_height=5, headings_style=HEADINGS
        ) as table:
            table.row(header)
            for row in rows:
                table.row(row)
    if report.notes:
        pdf.ln(3)
        pdf.set_font("sans", size=12)
        pdf.multi_cell(0, 8, "形式化预警", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("sans", size=9)
        for note in report.notes:
            pdf.multi_cell(0, 5, f"· {note}", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _widths(columns: int, width: float) -> tuple[float, ...]:
    if columns <= 1:
        return (width,)
    first = width * (0.4 if columns > 3 else 0.5)
    rest = (width - first) / (columns - 1)
    return (first, *([rest] * (columns - 1)))
