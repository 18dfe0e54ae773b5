"""Choosing the pilot counties (seed task 四) as an integer programme, solved exactly.

Between ``minimum`` and ``maximum`` counties are chosen to maximise the total review
score, subject to: every economic region named in the rules has a pilot; each sector
is covered by at least its number of pilots; no 市州 has more than ``per_city``; the
chosen counties' target townships are at least ``merged_share`` 六合一 / 五合一; and
officials may force a county in or out. HiGHS (``highspy``) solves it to optimality.

Everything is explained in plain Chinese with the rules as named *groups* of
constraints ("每个经济区至少 1 个", "民政 至少 3 个"…):

* **binding**: the groups without which the total score would be higher;
* **why a county is left out**: its score is below every chosen county's, or it was
  forced out, or forcing it in would lower the total (and which groups make it so), or
  it cannot be in at all (and which groups conflict with it);
* **infeasible rules**: a minimal set of groups that cannot all hold (deletion filter:
  drop each group in turn, keep it only if the rest become feasible without it).

This module knows no models: callers pass plain ``Candidate`` and ``Rules`` values.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

import highspy

from goumai.core.roles import Sector
from goumai.regions.data import ECONOMIC_REGIONS

EPSILON = 1e-6
SECTOR_LABELS = dict(Sector.choices)
REGION_LABELS = {code: name for code, name, _cities in ECONOMIC_REGIONS}


@dataclass(frozen=True)
class Candidate:
    county: str  # division code
    name: str
    city: str  # its 市州's code
    region: str  # its economic region's code
    sectors: frozenset[str]  # the sectors its application covers
    score: Decimal  # the review score (trimmed mean of the reviewers)
    targets: int = 0  # target townships
    merged: int = 0  # of which 六合一 / 五合一


@dataclass(frozen=True)
class Rules:
    minimum: int = 10
    maximum: int = 12
    regions: frozenset[str] = frozenset(REGION_LABELS)  # each needs at least one pilot
    sectors: dict[str, int] = field(default_factory=dict)  # sector → at least this many
    per_city: int | None = None  # at most this many in one 市州
    merged_share: Decimal = Decimal(0)  # of the chosen counties' target townships
    forced_in: frozenset[str] = frozenset()
    forced_out: frozenset[str] = frozenset()
    region_labels: dict[str, str] = field(default_factory=lambda: dict(REGION_LABELS))


@dataclass
class Selection:
    feasible: bool
    chosen: list[str] = field(default_factory=list)  # county codes, best score first
    total: Decimal = Decimal(0)
    binding: list[str] = field(default_factory=list)  # Chinese labels of groups
    left_out: dict[str, str] = field(default_factory=dict)  # county → why, in Chinese
    conflicts: list[str] = field(default_factory=list)  # Chinese labels (infeasible)

    @property
    def explanation(self) -> str:
        if self.feasible:
            return f"最优方案：{len(self.chosen)} 个县，总分 {self.total}。"
        return "按现有条件无法选出试点县，以下条件相互冲突：" + "；".join(self.conflicts) + "。"


# --- the model ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Group:
    key: str
    label: str
    rows: tuple[tuple[dict[int, float], float, float], ...] = ()  # (coefficients, low, high)
    fixed: tuple[tuple[int, float, float], ...] = ()  # (column, low, high) bounds


def _groups(candidates: list[Candidate], rules: Rules) -> list[_Group]:
    index = {c.county: i for i, c in enumerate(candidates)}
    everyone = {i: 1.0 for i in range(len(candidates))}
    groups = [
        _Group(
            "minimum",
            f"至少选 {rules.minimum} 个县",
            ((everyone, rules.minimum, highspy.kHighsInf),),
        ),
        _Group(
            "maximum",
            f"至多选 {rules.maximum} 个县",
            ((everyone, -highspy.kHighsInf, rules.maximum),),
        ),
    ]
    for region in sorted(rules.regions):
        members = {i: 1.0 for i, c in enumerate(candidates) if c.region == region}
        label = rules.region_labels.get(region, region)
        groups.append(
            _Group(f"region:{region}", f"{label}至少 1 个", ((members, 1, highspy.kHighsInf),))
        )
    for sector, least in sorted(rules.sectors.items()):
        if least <= 0:
            continue
        members = {i: 1.0 for i, c in enumerate(candidates) if sector in c.sectors}
        label = SECTOR_LABELS.get(sector, sector)
        groups.append(
            _Group(
                f"sector:{sector}",
                f"{label}领域至少 {least} 个",
                ((members, least, highspy.kHighsInf),),
            )
        )
    if rules.per_city is not None:
        rows = []
        for city in sorted({c.city for c in candidates}):
            members = {i: 1.0 for i, c in enumerate(candidates) if c.city == city}
            if len(members) > rules.per_city:
                rows.append((members, -highspy.kHighsInf, rules.per_city))
        groups.append(_Group("per_city", f"每个市州至多 {rules.per_city} 个", tuple(rows)))
    if rules.merged_share > 0:
        share = float(rules.merged_share)
        weights = {i: c.merged - share * c.targets for i, c in enumerate(candidates)}
        groups.append(
            _Group(
                "merged_share",
                f"目标乡镇中六合一、五合一乡镇占比不低于 {rules.merged_share:.0%}",
                ((weights, 0, highspy.kHighsInf),),
            )
        )
    for county in sorted(rules.forced_in):
        if county in index:
            name = candidates[index[county]].name
            groups.append(_Group(f"in:{county}", f"{name}必须入选", fixed=((index[county], 1, 1),)))
    for county in sorted(rules.forced_out):
        if county in index:
            name = candidates[index[county]].name
            groups.append(_Group(f"out:{county}", f"{name}不入选", fixed=((index[county], 0, 0),)))
    return groups


def _solve(candidates: list[Candidate], groups: Iterable[_Group]) -> tuple[bool, list[int], float]:
    """(feasible, chosen column indexes, total score) for the groups given."""
    n = len(candidates)
    if n == 0:  # nothing to choose: feasible if every rule holds for the empty choice
        rows = [row for group in groups for row in group.rows]
        return all(lo <= 0 <= hi for _coefficients, lo, hi in rows), [], 0.0
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    low, high = [0.0] * n, [1.0] * n
    for group in groups:
        for column, lo, hi in group.fixed:
            low[column], high[column] = max(low[column], lo), min(high[column], hi)
    if any(lo > hi for lo, hi in zip(low, high, strict=True)):
        return False, [], 0.0
    for i, c in enumerate(candidates):
        h.addVar(low[i], high[i])
        h.changeColCost(i, float(c.score))
        h.changeColIntegrality(i, highspy.HighsVarType.kInteger)
    for group in groups:
        for coefficients, lo, hi in group.rows:
            columns = sorted(coefficients)
            h.addRow(lo, hi, len(columns), columns, [coefficients[j] for j in columns])
    h.changeObjectiveSense(highspy.ObjSense.kMaximize)
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return False, [], 0.0
    values = h.getSolution().col_value
    chosen = [i for i in range(n) if values[i] > 0.5]
    return True, chosen, sum(float(candidates[i].score) for i in chosen)


def _conflicting(
    candidates, groups: list[_Group], keep: frozenset[str] = frozenset()
) -> list[_Group]:
    """A minimal set of ``groups`` that cannot all hold (those in ``keep`` always stay)."""
    active = list(groups)
    for group in list(active):
        if group.key in keep:
            continue
        rest = [g for g in active if g is not group]
        if not _solve(candidates, rest)[0]:
            active = rest
    return active


# --- the public function --------------------------------------------------------------


def select_pilots(
    candidates: list[Candidate], rules: Rules, *, explain_all: bool = False
) -> Selection:
    """The optimal choice under ``rules``, with what binds it and why each county is
    left out. ``explain_all``: a precise reason for every left-out county (one solve per
    group each); otherwise counties scoring below every chosen one get that reason."""
    candidates = sorted(candidates, key=lambda c: c.county)
    groups = _groups(candidates, rules)
    feasible, chosen, total = _solve(candidates, groups)
    if not feasible:
        conflicts = _conflicting(candidates, groups)
        return Selection(False, conflicts=[g.label for g in conflicts])
    binding = [
        g.label
        for g in groups
        if g.key != "minimum"
        and _solve(candidates, [o for o in groups if o is not g])[2] > total + EPSILON
    ]
    picked = {candidates[i].county for i in chosen}
    lowest = min((candidates[i].score for i in chosen), default=Decimal(0))
    left_out = {}
    for i, c in enumerate(candidates):
        if c.county in picked:
            continue
        if c.county in rules.forced_out:
            left_out[c.county] = "已设定为不入选。"
        elif c.score < lowest and not explain_all:
            left_out[c.county] = f"得分 {c.score} 低于所有入选县（最低 {lowest}）。"
        else:
            left_out[c.county] = _why_out(candidates, groups, i, total)
    ordered = sorted(chosen, key=lambda i: (-candidates[i].score, candidates[i].county))
    return Selection(
        True,
        chosen=[candidates[i].county for i in ordered],
        total=sum((candidates[i].score for i in chosen), Decimal(0)),
        binding=binding,
        left_out=left_out,
    )


def _why_out(candidates: list[Candidate], groups: list[_Group], i: int, total: float) -> str:
    county = candidates[i].county
    forced = _Group(f"in:{county}", f"{candidates[i].name}入选", fixed=((i, 1, 1),))
    trial = [g for g in groups if not g.key.startswith("out:") or g.key != f"out:{county}"] + [
        forced
    ]
    feasible, _chosen, with_it = _solve(candidates, trial)
    if not feasible:
        conflicts = _conflicting(candidates, trial, keep=frozenset({forced.key}))
        labels = [g.label for g in conflicts if g is not forced]
        return "不能入选：与以下条件冲突——" + "；".join(labels) + "。"
    loss = Decimal(str(round(total - with_it, 6))).normalize()
    causes = [
        g
        for g in groups
        if g.key != "minimum"
        and _solve(candidates, [o for o in trial if o is not g])[2] >= total - EPSILON
    ]
    if [g.key for g in causes] == ["maximum"]:
        return f"名额已满：入选将替换得分更高的县，总分下降 {loss}。"
    if causes:
        return f"受“{'”“'.join(g.label for g in causes)}”限制：入选将使总分下降 {loss}。"
    return f"受多项条件共同限制：入选将使总分下降 {loss}。"
