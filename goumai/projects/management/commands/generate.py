import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from goumai.accounts.models import OrgUnit
from goumai.budgets.models import BudgetLine
from goumai.contracts.models import Contract, Milestone, Payment
from goumai.core.db import refresh_statistics
from goumai.projects.models import Project, ProjectEvent
from goumai.projects.synthetic import generate
from goumai.regions.models import Region


class Command(BaseCommand):
    help = "生成可复现的合成数据，用于性能测试（--scale province：全省 3,101 个乡镇，每乡镇每年约 30 个项目，共 3 年）。生产环境拒绝执行；生成的数据不记审计日志。"

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=["province", "county", "demo"], default="county")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--per-year", type=int, default=30)
        parser.add_argument("--years", type=int, default=3)

    def handle(self, *args, scale, seed, per_year, years, **options):
        if settings.PRODUCTION:
            raise CommandError("生产环境不生成合成数据。")
        if (
            not Region.objects.filter(level=Region.Level.TOWNSHIP).exists()
            or not OrgUnit.objects.exists()
        ):
            call_command("load_regions", stdout=self.stdout)
        call_command("load_catalog", stdout=self.stdout)
        if Project.objects.filter(events__actor_label="generate").exists():
            raise CommandError("数据库中已有合成数据；请使用新的数据库。")
        counties = {"province": None, "county": ["510131"], "demo": ["510131", "510521", "511324"]}[
            scale
        ]
        started = time.perf_counter()
        report = generate(
            projects_per_year=per_year,
            years=years,
            seed=seed,
            counties=counties,
            log=self.stdout.write,
        )
        refresh_statistics(Project, ProjectEvent, BudgetLine, Contract, Milestone, Payment)
        self.stdout.write(
            f"已生成：{report.townships:,} 个乡镇，{report.projects:,} 个项目，{report.contracts:,} 份合同，"
            f"{report.payments:,} 笔支付，用时 {time.perf_counter() - started:.0f} 秒（种子 {seed}）。"
        )
