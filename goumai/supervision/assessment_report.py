"""The assessment's result as one table, for the page, Excel and Word alike."""

from __future__ import annotations

from goumai.core.spreadsheets import workbook_bytes
from goumai.evaluation.reports import Report, to_docx
from goumai.supervision.models import Assessment, AssessmentSubject

NO_DATA = "暂无数据"


def _cell(subject, indicator, score) -> str:
    if indicator.applies_to not in ("both", subject.kind):
        return "—"  # the indicator does not apply
    if indicator.is_manual:
        return "待评分" if score is None or score.points is None else f"{score.points}"
    if score is None:
        return "未计算"
    if score.value is None:
        return NO_DATA
    return f"{score.value}% / {score.points}"


def table(assessment: Assessment, subjects: list[AssessmentSubject]) -> tuple[list, list]:
    indicators = list(assessment.indicators.all())
    header = ["类别", "名次", "考核对象"]
    header += [f"{i.name}（{i.weight_text}分）" for i in indicators]
    header += ["得分", "可得分值", "得分率（%）"]
    rows = []
    for subject in subjects:
        scores = {s.indicator_id: s for s in subject.scores.all()}
        rows.append(
            [
                subject.get_kind_display(),
                str(subject.rank) if subject.rank else "—",
                subject.name,
                *(_cell(subject, i, scores.get(i.pk)) for i in indicators),
                f"{subject.points}" if subject.points is not None else "—",
                f"{subject.possible}" if subject.possible is not None else "—",
                f"{subject.rate}" if subject.rate is not None else NO_DATA,
            ]
        )
    return header, rows


def workbook(assessment: Assessment, subjects: list[AssessmentSubject]) -> bytes:
    header, rows = table(assessment, subjects)
    return workbook_bytes(f"{assessment.year}年度目标考核", header, rows)


def word(assessment: Assessment, subjects: list[AssessmentSubject]) -> bytes:
    header, rows = table(assessment, subjects)
    facts = [
        ("考核年度", str(assessment.year)),
        ("数据截止日期", assessment.as_of.isoformat()),
        ("状态", assessment.get_status_display()),
    ]
    facts += [
        (i.name, f"{i.weight_text} 分 · {'人工评分' if i.is_manual else '平台数据计算'}")
        for i in assessment.indicators.all()
    ]
    tables = [
        (kind_label, header[1:], [row[1:] for row in rows if row[0] == kind_label])
        for kind_label in AssessmentSubject.Kind.labels
    ]
    report = Report(title=f"四川省{assessment.year}年度政府购买服务目标考核结果", facts=facts)
    report.tables = [t for t in tables if t[2]]
    return to_docx(report)
