"""The whole purchase in a real browser, as people do it: the township clerk drafts and
submits, the county approves, the clerk procures, awards, signs, accepts and pays, the
provider self-evaluates from its own account, the clerk finishes the evaluation,
publishes it and closes the project — from 草稿 to 已结项 using only what the pages
show (links, buttons, forms; no URL typed after logging in).

The walk runs once at 1366 px and once on a 375 px phone. On every page it visits
axe-core must find no serious or critical violation, and on the phone no page may be
wider than the screen. Screenshots of every page go to ``var/screenshots/walk-*``."""

from datetime import timedelta

import pytest

from goumai.accounts.services import user_create
from goumai.budgets.models import BudgetLine
from goumai.catalog.models import CatalogItem
from goumai.conftest import PASSWORD
from goumai.core.dates import china_today
from goumai.projects.models import Project
from goumai.projects.tests.factories import county_entry
from goumai.providers.tests.factories import provider
from goumai.tests.browser import SHOTS, serious, too_wide

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("map_loaded"),
]

TITLE = "居家养老上门服务（走查）"


@pytest.fixture
def world(township_a, make_user):
    """A clerk, the county's approver, a budget line, the county's catalog entry, and
    two providers registered for the service, one with an account."""
    today = china_today()  # the server's day in China, not the machine's UTC day
    clerk = make_user(f"{township_a.code}-government")
    approver = make_user(f"{township_a.parent.code}-finance", roles=("approver",))
    purchaser = clerk.org_unit
    entry = county_entry(township_a.parent, "010401")
    BudgetLine.objects.create(
        org_unit=purchaser,
        fiscal_year=today.year,
        code="B-WALK",
        name="养老服务经费",
        funding_source="own",
        amount="100000.00",
    )
    item = CatalogItem.objects.get(code="010401")
    firms = []
    for name in ("蒲江县鹤山社会工作服务中心", "蒲江县寿安养老服务社"):
        firm = provider(name, region=township_a)
        firm.catalog_items.set([item])
        firms.append(firm)
    account = user_create(
        actor=None,
        username="walk-provider",
        password=PASSWORD,
        org_unit=None,
        provider=firms[0],
        roles=["clerk"],
        full_name="鹤山社工中心经办人",
    )
    return {
        "clerk": clerk,
        "approver": approver,
        "provider": account,
        "entry": entry,
        "today": today,
    }


class Walk:
    """A person at the browser: visits pages through what they show, and checks each."""

    def __init__(self, page, base: str, width: int):
        self.page, self.base, self.width = page, base, width
        self.problems: dict[str, list[str]] = {}
        self.count = 0
        page.on("dialog", lambda dialog: dialog.accept())  # the 确定…? questions

    def check(self, name: str) -> None:
        self.page.wait_for_load_state("domcontentloaded")
        self.count += 1
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(
            path=str(SHOTS / f"walk-{self.width}-{self.count:02d}-{name}.png"), full_page=True
        )
        found = serious(self.page)
        if self.width <= 375 and too_wide(self.page):
            found.append(f"wider than {self.width} px")
        if found:
            self.problems[f"{self.count:02d} {name} {self.page.url}"] = found

    def login(self, user) -> None:
        self.page.goto(f"{self.base}/accounts/login/")
        self.check("login")
        self.page.fill("#id_username", user.username)
        self.page.fill("#id_password", PASSWORD)
        self.page.click("button:has-text('登录')")
        self.check(f"home-{user.username}")

    def logout(self) -> None:
        self.page.click("button:has-text('退出')")

    def menu(self, label: str) -> None:
        toggle = self.page.locator(".menu-toggle")
        if toggle.is_visible():
            toggle.click()
        self.page.click(f"#sidenav a:has-text('{label}')")

    def click(self, selector: str, name: str) -> None:
        self.page.click(selector)
        self.check(name)

    def submit(self, form: str, name: str) -> None:
        self.page.click(f"{form} button[type=submit], {form} button:not([type])")
        self.check(name)

    def status(self) -> str:
        return self.page.locator("h1 + span .status, .titlebar .status").first.inner_text()


def walk_the_purchase(walk: Walk, world) -> None:
    page, today = walk.page, world["today"]

    # --- the township clerk drafts and submits
    walk.login(world["clerk"])
    walk.menu("购买项目")
    walk.check("projects")
    walk.click("a:has-text('新建项目')", "new")
    page.fill("#id_title", TITLE)
    page.select_option(
        "#id_budget_line", label=page.locator("#id_budget_line option").nth(1).inner_text()
    )
    page.select_option("#id_catalog_entry", value=str(world["entry"].pk))
    page.fill("#id_budget_amount", "30000")
    page.fill("#id_planned_people", "40")
    page.fill("#id_content", "每周上门服务两次，为辖区高龄、失能老人提供助洁、助浴服务。")
    walk.click("button:has-text('保存草稿')", "draft")
    assert walk.status() == "草稿"
    walk.submit("#form-transition-submit", "submitted")
    assert walk.status() == "已提交"
    walk.logout()

    # --- the county approves from its 工作台
    walk.login(world["approver"])
    walk.click(f"a:has-text('{TITLE}')", "to-approve")
    walk.submit("#form-transition-approve", "approved")
    assert walk.status() == "已批准"
    walk.logout()

    # --- the clerk procures, from the 工作台's pile
    walk.login(world["clerk"])
    walk.click(f"a:has-text('{TITLE}')", "approved-project")
    walk.click("a:has-text('开始采购')", "procurement-form")
    page.select_option("#id_method", "competitive_consultation")
    page.fill("#id_deadline", (today + timedelta(days=10)).isoformat())
    walk.click("button:has-text('开始采购')", "procuring")
    for firm in ("鹤山社会工作", "寿安养老"):
        page.select_option(
            "#invite-provider_id",
            label=page.locator(f"#invite-provider_id option:has-text('{firm}')").inner_text(),
        )
        walk.submit("#form-invite", f"invited-{firm}")
    # a typo in the amount: the error stands beside the field, the typing stays
    page.select_option("#bid-provider_id", index=1)
    page.fill("#bid-amount", "2800O")
    walk.submit("#form-bid", "bid-error")
    assert page.locator("#bid-amount").input_value() == "2800O"
    assert page.locator("#bid-amount-error").is_visible()
    assert page.evaluate("document.activeElement.id") == "bid-amount"
    page.fill("#bid-amount", "28000")
    page.fill("#bid-technical_score", "88")
    walk.submit("#form-bid", "bid-1")
    page.select_option("#bid-provider_id", index=1)
    page.fill("#bid-amount", "29500")
    page.fill("#bid-technical_score", "80")
    walk.submit("#form-bid", "bid-2")
    recommended = page.locator("li.recommended")
    assert "推荐成交" in recommended.inner_text()
    recommended.locator("input[name=reasons]").fill("综合得分最高")
    recommended.locator("button:has-text('确定成交')").click()
    walk.check("awarded")
    walk.click("a:has-text('签订合同')", "contract-form")
    end = today + timedelta(days=180)
    page.fill("#id_number", "PJ-2026-001")
    page.fill("#id_start_date", today.isoformat())
    page.fill("#id_end_date", end.isoformat())
    page.fill("#ms-name-1", "第一期服务")
    page.fill("#ms-due-1", today.isoformat())
    page.fill("#ms-amount-1", "14000")
    page.click("button:has-text('增加一个节点')")
    rows = page.locator(".ms-row")
    rows.nth(1).locator("input[name=milestone_name]").fill("第二期服务")
    rows.nth(1).locator("input[name=milestone_due_date]").fill(end.isoformat())
    rows.nth(1).locator("input[name=milestone_amount]").fill("14000")
    assert "等于合同金额" in page.locator("[data-sum]").inner_text()
    walk.click("button:has-text('签订')", "contracted")
    assert walk.status() == "已签约"
    walk.submit("#form-transition-start_performance", "performing")

    # --- acceptance and payment, milestone by milestone
    first = page.locator("form[id^=form-accept-]").first
    first.locator("input[name=note]").fill("服务记录齐全")
    first.locator("button").click()
    walk.check("accepted-1")
    walk.submit("form[id^=form-pay-]", "paid-1")
    second = page.locator("form[id^=form-accept-]").first
    second.locator("input[name=early_reason]").fill("服务对象提前全部完成服务")
    second.locator("button").click()
    walk.check("accepted-2")
    walk.submit("form[id^=form-pay-]", "paid-2")
    walk.submit("#form-transition-accept", "accepted")
    assert walk.status() == "已验收"
    walk.click("a:has-text('开展绩效评价')", "evaluation-page")
    walk.click("button:has-text('开展绩效评价')", "evaluation-open")
    page.click("summary:has-text('填写实际完成情况')")
    page.fill("#people", "40")
    page.fill("#quantity", "960")
    walk.click("form[action$='/evaluation/facts/'] button", "evaluation-facts")
    page.click("summary:has-text('录入纸质满意度答卷')")
    page.fill("#lines", "5 5 4 5 服务很周到\n4 4 4 5\n5 4 5 5 希望增加次数")
    walk.click("form[action$='/evaluation/answers/'] button", "evaluation-answers")
    walk.logout()

    # --- the provider self-evaluates from its own account
    walk.login(world["provider"])
    assert "待提交的绩效自评" in page.content()
    walk.click(f".pile a:has-text('{TITLE}')", "provider-evaluation")
    score_all(page)
    walk.click("button:has-text('提交承接主体自评')", "self-evaluated")
    walk.logout()

    # --- the clerk scores, finishes, publishes and closes
    walk.login(world["clerk"])
    walk.click(f"a:has-text('{TITLE}')", "to-evaluate")
    walk.click("a:has-text('继续绩效评价')", "evaluation")
    score_all(page)
    walk.click("button:has-text('提交购买主体评价')", "purchaser-evaluated")
    walk.click("button:has-text('完成绩效评价')", "evaluated")
    walk.click("a:has-text('返回项目')", "evaluated-project")
    assert walk.status() == "已评价"
    while page.locator("#disclosure button:has-text('公开')").count():
        page.locator("#disclosure button:has-text('公开')").first.click()
    walk.check("published")
    walk.submit("#form-transition-close", "closed")
    assert walk.status() == "已结项"


def score_all(page) -> None:
    """Fill a scoring form as an evaluator would: the first level of each judged leaf,
    the target as the value of each measured one."""
    for leaf in page.locator("form[action*='/evaluation/score/'] fieldset.leaf").all():
        radios = leaf.locator("input[type=radio]")
        if radios.count():
            radios.first.check()
        value = leaf.locator("input[name$='_value']")
        if value.count():
            value.fill("100")


@pytest.mark.parametrize("width", [1366, 375])
def test_a_whole_purchase_through_the_pages(browser, live_server, world, width):
    height = 900 if width > 375 else 812
    page = browser.new_page(
        viewport={"width": width, "height": height}, locale="zh-CN", bypass_csp=True
    )
    for old in SHOTS.glob(f"walk-{width}-*.png"):
        old.unlink()
    walk = Walk(page, live_server.url, width)
    walk_the_purchase(walk, world)
    assert Project.objects.get(title=TITLE).status == Project.Status.CLOSED
    assert walk.problems == {}
    assert walk.count > 30
