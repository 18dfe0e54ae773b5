"""The pilot selection: optimal by brute force on small instances, every rule
holds, forced choices are respected, and what binds, what conflicts and why a county is
left out are said in Chinese."""

from decimal import Decimal
from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from goumai.pilots.selection import Candidate, Rules, select_pilots

SECTORS = ("civil_affairs", "education", "agriculture", "justice")


def county(
    code,
    *,
    score,
    city="5101",
    region="chengdu_plain",
    sectors=("civil_affairs",),
    targets=2,
    merged=1,
    name=None,
):
    return Candidate(
        county=code,
        name=name or f"县{code}",
        city=city,
        region=region,
        sectors=frozenset(sectors),
        score=Decimal(score),
        targets=targets,
        merged=merged,
    )


def holds(chosen: list[Candidate], rules: Rules) -> bool:
    """The rules, checked independently of the solver."""
    codes = {c.county for c in chosen}
    if not rules.minimum <= len(chosen) <= rules.maximum:
        return False
    if any(not any(c.region == r for c in chosen) for r in rules.regions):
        return False
    for sector, least in rules.sectors.items():
        if sum(sector in c.sectors for c in chosen) < least:
            return False
    if rules.per_city is not None:
        for city in {c.city for c in chosen}:
            if sum(c.city == city for c in chosen) > rules.per_city:
                return False
    targets, merged = sum(c.targets for c in chosen), sum(c.merged for c in chosen)
    if merged < rules.merged_share * targets:
        return False
    return rules.forced_in <= codes and not (rules.forced_out & codes)


def brute_force(candidates, rules):
    best = None
    for size in range(len(candidates) + 1):
        for subset in combinations(candidates, size):
            if holds(list(subset), rules):
                total = sum((c.score for c in subset), Decimal(0))
                best = total if best is None or total > best else best
    return best


instances = st.integers(min_value=3, max_value=9).flatmap(
    lambda n: st.tuples(
        st.lists(
            st.tuples(
                st.integers(0, 100),  # score
                st.sampled_from(["5101", "5103", "5105"]),  # city
                st.sampled_from(["chengdu_plain", "south_sichuan", "panxi"]),
                st.sets(st.sampled_from(SECTORS), min_size=1, max_size=3),
                st.integers(1, 4),  # targets
                st.integers(0, 4),  # merged (capped to targets below)
            ),
            min_size=n,
            max_size=n,
        ),
        st.integers(0, 4),  # minimum
        st.integers(1, 6),  # maximum
        st.sets(st.sampled_from(["chengdu_plain", "south_sichuan", "panxi"]), max_size=3),
        st.dictionaries(st.sampled_from(SECTORS), st.integers(0, 2), max_size=2),
        st.one_of(st.none(), st.integers(1, 3)),  # per city
        st.sampled_from([Decimal(0), Decimal("0.3"), Decimal("0.5")]),
        st.sets(st.integers(0, n - 1), max_size=2),  # forced in
        st.sets(st.integers(0, n - 1), max_size=2),  # forced out
    )
)


@settings(max_examples=150, deadline=None)
@given(instances)
def test_the_optimum_equals_brute_force_and_every_rule_holds(instance):
    rows, minimum, maximum, regions, sectors, per_city, share, forced_in, forced_out = instance
    candidates = [
        county(f"51{i:04d}", score=s, city=c, region=r, sectors=sec, targets=t, merged=min(m, t))
        for i, (s, c, r, sec, t, m) in enumerate(rows)
    ]
    rules = Rules(
        minimum=minimum,
        maximum=maximum,
        regions=frozenset(regions),
        sectors=sectors,
        per_city=per_city,
        merged_share=share,
        forced_in=frozenset(candidates[i].county for i in forced_in),
        forced_out=frozenset(candidates[i].county for i in forced_out),
    )
    best = brute_force(candidates, rules)
    result = select_pilots(candidates, rules)
    assert result.feasible == (best is not None)
    if best is None:
        assert result.conflicts and result.chosen == []
        return
    chosen = [c for c in candidates if c.county in result.chosen]
    assert holds(chosen, rules)
    assert result.total == best
    assert set(result.left_out) == {c.county for c in candidates} - set(result.chosen)


def test_a_region_without_applicants_is_named_as_the_conflict():
    candidates = [county(f"51{i:04d}", score=80 + i) for i in range(4)]
    rules = Rules(minimum=2, maximum=3, regions=frozenset({"chengdu_plain", "panxi"}))
    result = select_pilots(candidates, rules)
    assert not result.feasible
    assert result.conflicts == ["攀西经济区至少 1 个"]
    assert "攀西经济区至少 1 个" in result.explanation


def test_forcing_in_more_than_the_maximum_names_both_sides():
    candidates = [county(f"51{i:04d}", score=80 + i, city=f"51{i:02d}") for i in range(5)]
    forced = frozenset(c.county for c in candidates[:3])
    rules = Rules(minimum=1, maximum=2, regions=frozenset(), forced_in=forced)
    result = select_pilots(candidates, rules)
    assert not result.feasible
    assert set(result.conflicts) == {
        "至多选 2 个县",
        "县510000必须入选",
        "县510001必须入选",
        "县510002必须入选",
    }


def test_forced_in_and_out_are_respected_against_the_scores():
    candidates = [
        county(f"51{i:04d}", score=s, city=f"51{i:02d}") for i, s in enumerate((90, 80, 70, 10))
    ]
    rules = Rules(
        minimum=2,
        maximum=2,
        regions=frozenset(),
        forced_in=frozenset({"510003"}),
        forced_out=frozenset({"510000"}),
    )
    result = select_pilots(candidates, rules)
    assert result.chosen == ["510001", "510003"] and result.total == Decimal(90)
    assert result.left_out["510000"] == "已设定为不入选。"
    assert set(result.binding) == {"至多选 2 个县", "县510000不入选", "县510003必须入选"}


def test_a_city_cap_binds_and_is_given_as_the_reason():
    # the two best are in the same 市州; with at most one per 市州 the second stays out
    candidates = [
        county("510001", score=95, city="5101"),
        county("510002", score=90, city="5101"),
        county("510003", score=60, city="5103"),
        county("510004", score=50, city="5105"),
    ]
    rules = Rules(minimum=2, maximum=2, regions=frozenset(), per_city=1)
    result = select_pilots(candidates, rules)
    assert result.chosen == ["510001", "510003"] and result.total == Decimal(155)
    assert result.binding == ["至多选 2 个县", "每个市州至多 1 个"]
    assert "每个市州至多 1 个" in result.left_out["510002"]
    assert result.left_out["510002"] == (
        "受“至多选 2 个县”“每个市州至多 1 个”限制：入选将使总分下降 5。"
    )
    assert result.left_out["510004"].startswith("得分 50 低于所有入选县")


def test_the_merged_share_chooses_merged_townships_over_a_higher_score():
    candidates = [
        county("510001", score=90, targets=4, merged=0),
        county("510002", score=70, targets=4, merged=4),
        county("510003", score=65, targets=2, merged=2),
    ]
    rules = Rules(minimum=2, maximum=2, regions=frozenset(), merged_share=Decimal("0.6"))
    result = select_pilots(candidates, rules)
    assert result.chosen == ["510002", "510003"]
    assert any("六合一" in label for label in result.binding)


def test_no_candidates_at_all_names_the_first_rule_that_needs_one():
    result = select_pilots([], Rules(minimum=1, maximum=2, regions=frozenset()))
    assert not result.feasible and result.conflicts == ["至少选 1 个县"]
    assert select_pilots([], Rules(minimum=0, maximum=2, regions=frozenset())).feasible
