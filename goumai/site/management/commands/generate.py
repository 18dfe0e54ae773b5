import argparse
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from goumai.accounts.models import OrgUnit
from goumai.budgets.models import BudgetLine
from goumai.contracts.models import Contract, Milestone, Payment
from goumai.core.db import refresh_statistics
from goumai.evaluation.models import Evaluation, LeafScore
from goumai.projects.models import Project, ProjectEvent
from goumai.regions.models import Region
from goumai.site.synthetic import Report, generate


class Command(BaseCommand):
    help = "生成可复现的合成数据，用于性能测试（--scale province：全省 3,101 个乡镇，每乡镇每年约 30 个项目，共 3 年）。生产环境拒绝执行；生成的数据不记审计日志。"

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=["province", "county", "demo"], default="county")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--per-year", type=int, default=30)
        parser.add_argument("--years", type=int, default=3)
        parser.add_argument("--workers", type=int, default=1, help="并行进程数（按县分配）")
        parser.add_argument("--part", type=int, default=None, help=argparse.SUPPRESS)

    def handle(self, *args, scale, seed, per_year, years, workers, part, **options):
        if settings.PRODUCTION:
            raise CommandError("生产环境不生成合成数据。")
        counties = {"province": None, "county": ["510131"], "demo": ["510131", "510521", "511324"]}[
            scale
        ]
        if part is not None:  # one of several worker processes started below
            report = generate(
                projects_per_year=per_year,
                years=years,
                seed=seed,
                counties=counties,
                part=part,
                parts=workers,
                log=self.stdout.write,
            )
            self.stdout.write(
                f"REPORT {report.townships} {report.projects} {report.contracts} {report.payments} "
                f"{report.evaluations}"
            )
            return
        if (
            not Region.objects.filter(level=Region.Level.TOWNSHIP).exists()
            or not OrgUnit.objects.exists()
        ):
            call_command("load_regions", stdout=self.stdout)
        call_command("load_catalog", stdout=self.stdout)
        call_command("load_frameworks", stdout=self.stdout)
        if Project.objects.filter(events__actor_label="generate").exists():
            raise CommandError("数据库中已有合成数据；请使用新的数据库。")
        started = time.perf_counter()
        if workers > 1:
            report = self._in_parallel(scale, seed, per_year, years, workers)
        else:
            report = generate(
                projects_per_year=per_year,
                years=years,
                seed=seed,
                counties=counties,
                log=self.stdout.write,
            )
        refresh_statistics(
            Project, ProjectEvent, BudgetLine, Contract, Milestone, Payment, Evaluation, LeafScore
        )
        self.stdout.write(
            f"已生成：{report.townships:,} 个乡镇，{report.projects:,} 个项目，{report.contracts:,} 份合同，"
            f"{report.payments:,} 笔支付，{report.evaluations:,} 个绩效评价，用时 {time.perf_counter() - started:.0f} 秒（种子 {seed}）。"
        )

    def _in_parallel(self, scale, seed, per_year, years, workers) -> Report:
        command = [
            sys.executable,
            "-m",
            "goumai",
            "generate",
            "--scale",
            scale,
            "--seed",
            str(seed),
            "--per-year",
            str(per_year),
            "--years",
            str(years),
            "--workers",
            str(workers),
        ]
        processes = [
            subprocess.Popen([*command, "--part", str(n)], stdout=subprocess.PIPE, text=True)  # noqa: S603
            for n in range(workers)
        ]
        total = Report()
        for process in processes:
            output, _ = process.communicate()
            if process.returncode:
                raise CommandError("生成进程失败。")
            numbers = [line for line in output.splitlines() if line.startswith("REPORT ")][
                -1
            ].split()[1:]
            for field, value in zip(
                ("townships", "projects", "contracts", "payments", "evaluations"),
                numbers,
                strict=True,
            ):
                setattr(total, field, getattr(total, field) + int(value))
        return total
