"""Demo accounts for a local installation (never in production)."""

from __future__ import annotations

from dataclasses import dataclass

from goumai.accounts.models import OrgUnit, User
from goumai.accounts.services import user_create
from goumai.audit.services import audited
from goumai.core.roles import Role
from goumai.regions.models import Region
from goumai.regions.services import township_profile_update

# Three counties in three economic regions, two townships each, with the attributes
# officials would enter (merge counts, population, service areas).
DEMO_COUNTIES = ["510131", "510521", "511324"]  # 蒲江县 (成都平原), 泸县 (川南), 仪陇县 (川东北)
DEMO_TOWNSHIP_PROFILES = {
    # county code: [(merged units, population, service areas)] for its first two towns.
    # Illustrative figures; real ones are entered or imported by officials.
    "510131": [
        (6, 41200, ["中心片区", "东部片区", "西部片区"]),
        (5, 28600, ["中心片区", "南部片区"]),
    ],
    "510521": [(6, 56300, ["中心片区", "北部片区", "南部片区"]), (1, 31800, [])],
    "511324": [
        (5, 47900, ["中心片区", "东部片区"]),
        (6, 38400, ["中心片区", "北部片区", "西部片区"]),
    ],
}

PROVINCE_ACCOUNTS = [
    (
        "sc-finance",
        "510000-finance",
        "省财政厅演示账号",
        [Role.UNIT_ADMIN, Role.APPROVER, Role.CLERK],
    ),
    ("sc-civil", "510000-civil_affairs", "省民政厅演示账号", [Role.APPROVER, Role.CLERK]),
    ("sc-edu", "510000-education", "省教育厅演示账号", [Role.APPROVER, Role.CLERK]),
    ("sc-agri", "510000-agriculture", "省农业农村厅演示账号", [Role.APPROVER, Role.CLERK]),
    ("sc-justice", "510000-justice", "省司法厅演示账号", [Role.APPROVER, Role.CLERK]),
]


@dataclass(frozen=True)
class DemoAccount:
    username: str
    unit: str
    note: str


@audited()
def create_demo_accounts(*, password: str) -> list[DemoAccount]:
    """Create the demo accounts that do not exist yet and return them all; idempotent."""
    accounts: list[DemoAccount] = []

    def ensure(username, org_unit, full_name, roles, *, superuser=False):
        if not User.objects.filter(username=username).exists():
            user_create(
                actor=None,
                username=username,
                password=password,
                org_unit=org_unit,
                roles=roles,
                full_name=full_name,
                is_superuser=superuser,
            )
        accounts.append(DemoAccount(username, org_unit.name if org_unit else "（全部）", full_name))

    ensure("admin", None, "系统管理员", [], superuser=True)
    for username, unit_code, full_name, roles in PROVINCE_ACCOUNTS:
        ensure(username, OrgUnit.objects.get(code=unit_code), full_name, roles)
    agency, _new = OrgUnit.objects.get_or_create(
        code="EVAL-DEMO",
        defaults={
            "name": "四川众评绩效评价事务所（演示）",
            "kind": OrgUnit.Kind.EVALUATOR,
            "region": Region.objects.get(level=Region.Level.PROVINCE),
        },
    )
    ensure("evaluator-demo", agency, "第三方评价机构演示账号", [Role.CLERK])
    for n in range(1, 5):  # with evaluator-demo, the five experts of the demo pilot review
        ensure(f"expert-{n}", agency, f"试点评审专家{n}（演示）", [Role.CLERK])
    admin = User.objects.get(username="admin")
    for county_code in DEMO_COUNTIES:
        county = Region.objects.get(code=county_code)
        ensure(
            f"county-{county_code}",
            OrgUnit.objects.get(code=f"{county_code}-finance"),
            f"{county.name}财政局演示账号",
            [Role.UNIT_ADMIN, Role.APPROVER, Role.CLERK],
        )
        townships = list(
            Region.objects.filter(parent=county, kind=Region.Kind.TOWN, is_active=True).order_by(
                "code"
            )[:2]
        )
        for township, (merged, population, areas) in zip(
            townships, DEMO_TOWNSHIP_PROFILES[county_code], strict=True
        ):
            ensure(
                f"town-{township.code}",
                OrgUnit.objects.get(code=f"{township.code}-government"),
                f"{township.name}经办人",
                [Role.CLERK, Role.UNIT_ADMIN],
            )
            if township.merged_unit_count is None:
                township_profile_update(
                    actor=admin,
                    township=township,
                    merged_unit_count=merged,
                    population=population,
                    service_areas=areas,
                )
    return accounts
