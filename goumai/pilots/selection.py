"""Choosing the pilot counties (seed task 四) as an integer programme, solved exactly.

Between ``minimum`` and ``maximum`` counties are chosen to maximise the total review
score, subject to: every economic region named in the rules has a pilot; each sector
is covered by at least its number of pilots; no 市州 has more than ``per_city``; the
chosen counties' target townships are at least ``merged_share`` 六合一 / 五合一; and
officials may force a county in or out (a county that is not a candidate cannot be
forced either way: refused, naming it).

**Exact.** Scores are scaled to whole numbers (a score with two decimals is counted in
hundredths) and every coefficient of every rule is a whole number, so totals are
compared exactly, never within a tolerance; HiGHS (``highspy``) runs with a zero
optimality gap. **Ties** are broken the same way every time: among the choices with the
highest total, the one that includes the highest-scoring county wins, then the next
(counties of equal score in the order of their division codes) — the choice whose
list of counties, read from the best score down, is first. The binding rules and each
left-out county's loss come from exact re-solves: a rule binds when the best total
without it is higher; a county's loss is the best total minus the best total with it
forced in.

Everything is explained in plain Chinese with the rules as named *groups* of
constraints ("每个经济区至少 1 个", "民政 至少 3 个"…):

* **binding**: the groups without which the total score would be higher;
* **why a county is left out**: its score is below every chosen county's, or it was
  forced out, or forcing it in would lower the total by its loss (and which groups make
  it so), or it cannot be in at all (and which groups conflict with it);
* **infeasible rules**: a minimal set of groups that cannot all hold (deletion filter:
  drop each group in turn, keep it only if the rest become feasible without it).

This module knows no models: callers pass plain ``Candidate`` and ``Rules`` values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import highspy

from goumai.core.errors import DomainError
from goumai.core.roles import Sector
from goumai.regions.data import ECONOMIC_REGIONS

SECTOR_LABELS = dict(Sector.choices)
REGION_LABELS = {code: name for code, name, _cities in ECONOMIC_REGIONS}
MAX_PLACES = 6  # decimals of a score counted exactly


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
    county_labels: dict[str, str] = field(default_factory=dict)  # names of forced counties


@dataclass
class Selection:
    feasible: bool
    chosen: list[str] = field(default_factory=list)  # county codes, best score first
    total: Decimal = Decimal(0)
    binding: list[str] = field(default_factory=list)  # Chinese labels of groups
    left_out: dict[str, str] = field(default_factory=dict)  # county → why, in Chinese
    conflicts: list[str] = field(default_factory=list)  # Chinese labels (infeasible)
    # county → how much lower the best total is with it in (None: it cannot be in);
    # every left-out county that was not forced out
    losses: dict[str, Decimal | None] = field(default_factory=dict)

    @property
    def explanation(self) -> str:
        if self.feasible:
            return f"最优方案：{len(self.chosen)} 个县，总分 {self.total}。"
        return "按现有条件无法选出试点县，以下条件相互冲突：" + "；".join(self.conflicts) + "。"


# --- the model ------------------------------------------------------------------------

Row = tuple[dict[int, int], float, float]  # (whole-number coefficients, low, high)


@dataclass(frozen=True)
class _Group:
    key: str
    label: str
    rows: tuple[Row, ...] = ()
    fixed: tuple[tuple[int, int, int], ...] = ()  # (column, low, high) bounds


def _places(value: Decimal) -> int:
    return max(-value.as_tuple().exponent, 0) if value.is_finite() else 0


def _scale(values) -> int:
    """10 to the most decimals among ``values``: multiplied by it, each is whole."""
    places = max((_places(Decimal(v)) for v in values), default=0)
    if places > MAX_PLACES:
        raise ValueError(f"at most {MAX_PLACES} decimals are counted exactly")
    return 10**places


def _groups(candidates: list[Candidate], rules: Rules) -> list[_Group]:
    inf = highspy.kHighsInf
    everyone = {i: 1 for i in range(len(candidates))}
    groups = [
        _Group("minimum", f"至少选 {rules.minimum} 个县", ((everyone, rules.minimum, inf),)),
        _Group("maximum", f"至多选 {rules.maximum} 个县", ((everyone, -inf, rules.maximum),)),
    ]
    for region in sorted(rules.regions):
        members = {i: 1 for i, c in enumerate(candidates) if c.region == region}
        label = rules.region_labels.get(region, region)
        groups.append(_Group(f"region:{region}", f"{label}至少 1 个", ((members, 1, inf),)))
    for sector, least in sorted(rules.sectors.items()):
        if least <= 0:
            continue
        members = {i: 1 for i, c in enumerate(candidates) if sector in c.sectors}
        label = SECTOR_LABELS.get(sector, sector)
        groups.append(
            _Group(f"sector:{sector}", f"{label}领域至少 {least} 个", ((members, least, inf),))
        )
    if rules.per_city is not None:
        rows = []
        for city in sorted({c.city for c in candidates}):
            members = {i: 1 for i, c in enumerate(candidates) if c.city == city}
            if len(members) > rules.per_city:
                rows.append((members, -inf, rules.per_city))
        groups.append(_Group("per_city", f"每个市州至多 {rules.per_city} 个", tuple(rows)))
    if rules.merged_share > 0:
        # merged ≥ share × targets, in whole numbers: ×10^places of the share
        scale = _scale([rules.merged_share])
        share = int(rules.merged_share * scale)
        weights = {i: c.merged * scale - share * c.targets for i, c in enumerate(candidates)}
        groups.append(
            _Group(
                "merged_share",
                f"目标乡镇中六合一、五合一乡镇占比不低于 {rules.merged_share:.0%}",
                ((weights, 0, inf),),
            )
        )
    index = {c.county: i for i, c in enumerate(candidates)}
    for county in sorted(rules.forced_in):
        name = candidates[index[county]].name
        groups.append(_Group(f"in:{county}", f"{name}必须入选", fixed=((index[county], 1, 1),)))
    for county in sorted(rules.forced_out):
        name = candidates[index[county]].name
        groups.append(_Group(f"out:{county}", f"{name}不入选", fixed=((index[county], 0, 0),)))
    return groups


class _Model:
    """The candidates with their scores in whole numbers, solved under any groups."""

    def __init__(self, candidates: list[Candidate]) -> None:
        self.candidates = candidates
        self.scale = _scale(c.score for c in candidates)
        self.costs = [int(c.score * self.scale) for c in candidates]

    def total(self, chosen) -> int:
        return sum(self.costs[i] for i in chosen)

    def solve(
        self, groups, *, at_least: int | None = None, fixed=()
    ) -> tuple[bool, list[int], int]:
        """(feasible, chosen columns, total in whole numbers) of the best choice under
        ``groups``; ``at_least``: only choices whose total reaches it; ``fixed``: more
        (column, low, high) bounds."""
        n = len(self.candidates)
        groups = list(groups)
        rows = [row for group in groups for row in group.rows]
        if at_least is not None:
            rows.append(({i: self.costs[i] for i in range(n)}, at_least, highspy.kHighsInf))
        low, high = [0] * n, [1] * n
        for column, lo, hi in [b for group in groups for b in group.fixed] + list(fixed):
            low[column], high[column] = max(low[column], lo), min(high[column], hi)
        if any(lo > hi for lo, hi in zip(low, high, strict=True)):
            return False, [], 0
        if n == 0:  # nothing to choose: feasible if every rule holds for the empty choice
            return all(lo <= 0 <= hi for _coefficients, lo, hi in rows), [], 0
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        h.setOptionValue("mip_rel_gap", 0.0)
        h.setOptionValue("mip_abs_gap", 0.0)
        for i in range(n):
            h.addVar(low[i], high[i])
            h.changeColCost(i, float(self.costs[i]))
            h.changeColIntegrality(i, highspy.HighsVarType.kInteger)
        for coefficients, lo, hi in rows:
            columns = sorted(coefficients)
            h.addRow(lo, hi, len(columns), columns, [float(coefficients[j]) for j in columns])
        h.changeObjectiveSense(highspy.ObjSense.kMaximize)
        h.run()
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return False, [], 0
        values = h.getSolution().col_value
        chosen = [i for i in range(n) if values[i] > 0.5]
        return True, chosen, self.total(chosen)

    def best(self, groups, *, fixed=()) -> tuple[bool, int]:
        feasible, _chosen, total = self.solve(groups, fixed=fixed)
        return feasible, total

    def first_best(self, groups, total: int, chosen: list[int]) -> list[int]:
        """Among the choices reaching ``total``, the one the tie rule prefers: counties
        taken in turn from the best score down, each kept in whenever some best choice
        with the ones decided so far includes it."""
        order = sorted(
            range(len(self.candidates)),
            key=lambda i: (-self.costs[i], self.candidates[i].county),
        )
        fixed: list[tuple[int, int, int]] = []
        witness = set(chosen)  # a best choice agreeing with every decision so far
        for i in order:
            if i not in witness:
                feasible, found, _total = self.solve(
                    groups, at_least=total, fixed=[*fixed, (i, 1, 1)]
                )
                if feasible:
                    witness = set(found)
            fixed.append((i, 1, 1) if i in witness else (i, 0, 0))
        return sorted(witness)

    def points(self, whole: int) -> Decimal:
        return (Decimal(whole) / self.scale).normalize() if whole else Decimal(0)


def _conflicting(
    model: _Model, groups: list[_Group], keep: frozenset[str] = frozenset()
) -> list[_Group]:
    """A minimal set of ``groups`` that cannot all hold (those in ``keep`` always stay)."""
    active = list(groups)
    for group in list(active):
        if group.key in keep:
            continue
        rest = [g for g in active if g is not group]
        if not model.best(rest)[0]:
            active = rest
    return active


def _refuse_strangers(candidates: list[Candidate], rules: Rules) -> None:
    """A county forced in or out must be a candidate: refused, named, otherwise."""
    codes = {c.county for c in candidates}
    fields = {}
    for name, forced, words in (
        ("forced_in", rules.forced_in, "必须入选"),
        ("forced_out", rules.forced_out, "不入选"),
    ):
        strangers = sorted(forced - codes)
        if strangers:
            named = "、".join(f"{rules.county_labels.get(c, c)}（{c}）" for c in strangers)
            fields[name] = [
                f"设定为{words}的{named}不在候选县中（未提交申报或尚无评审得分），不能设定。"
            ]
    if fields:
        raise DomainError(
            "not_a_candidate", next(iter(fields.values()))[0], fields=fields, status=400
        )


# --- the public function --------------------------------------------------------------


def select_pilots(
    candidates: list[Candidate], rules: Rules, *, explain_all: bool = False
) -> Selection:
    """The optimal choice under ``rules`` (the tie rule above decides between equal
    totals), with what binds it, each left-out county's loss and why it is left out.
    ``explain_all``: which groups make each left-out county's loss (one solve per group
    each); otherwise counties scoring below every chosen one get that reason.
    Raises ``DomainError`` for a forced county that is not a candidate."""
    _refuse_strangers(candidates, rules)
    candidates = sorted(candidates, key=lambda c: c.county)
    model = _Model(candidates)
    groups = _groups(candidates, rules)
    feasible, chosen, total = model.solve(groups)
    if not feasible:
        conflicts = _conflicting(model, groups)
        return Selection(False, conflicts=[g.label for g in conflicts])
    chosen = model.first_best(groups, total, chosen)
    binding = [
        g.label
        for g in groups
        if g.key != "minimum" and model.best([o for o in groups if o is not g])[1] > total
    ]
    picked = {candidates[i].county for i in chosen}
    lowest = min((candidates[i].score for i in chosen), default=Decimal(0))
    left_out, losses = {}, {}
    for i, c in enumerate(candidates):
        if c.county in picked:
            continue
        if c.county in rules.forced_out:
            left_out[c.county] = "已设定为不入选。"
            continue
        possible, with_it = model.best(groups, fixed=[(i, 1, 1)])
        losses[c.county] = model.points(total - with_it) if possible else None
        if c.score < lowest and not explain_all:
            left_out[c.county] = f"得分 {c.score} 低于所有入选县（最低 {lowest}）。"
        else:
            left_out[c.county] = _why_out(model, groups, i, total, with_it if possible else None)
    ordered = sorted(chosen, key=lambda i: (-candidates[i].score, candidates[i].county))
    return Selection(
        True,
        chosen=[candidates[i].county for i in ordered],
        total=sum((candidates[i].score for i in chosen), Decimal(0)),
        binding=binding,
        left_out=left_out,
        losses=losses,
    )


def _why_out(model: _Model, groups: list[_Group], i: int, total: int, with_it: int | None) -> str:
    candidate = model.candidates[i]
    forced = _Group(f"in:{candidate.county}", f"{candidate.name}入选", fixed=((i, 1, 1),))
    trial = [*groups, forced]
    if with_it is None:
        conflicts = _conflicting(model, trial, keep=frozenset({forced.key}))
        labels = [g.label for g in conflicts if g is not forced]
        return "不能入选：与以下条件冲突——" + "；".join(labels) + "。"
    loss = model.points(total - with_it)
    causes = [
        g
        for g in groups
        if g.key != "minimum" and model.best([o for o in trial if o is not g])[1] >= total
    ]
    if [g.key for g in causes] == ["maximum"]:
        return f"名额已满：入选将替换得分更高的县，总分下降 {loss}。"
    if causes:
        return f"受“{'”“'.join(g.label for g in causes)}”限制：入选将使总分下降 {loss}。"
    return f"受多项条件共同限制：入选将使总分下降 {loss}。"
