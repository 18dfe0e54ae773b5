import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from goumai.core.dates import china_today
from goumai.regions.models import Region
from goumai.site.demo_accounts import DEMO_COUNTIES, DemoAccount, create_demo_accounts
from goumai.site.demo_bidding import create_demo_bidding
from goumai.site.demo_pilots import (
    create_demo_assessment,
    create_demo_cases,
    create_demo_pilots,
)
from goumai.site.demo_purchases import YEAR, create_demo_provider_accounts, create_demo_purchases
from goumai.site.demo_tasks import create_demo_tasks
from goumai.supervision.loader import load_work_plan


class Command(BaseCommand):
    help = "加载四川省区划和演示账号（可重复执行）。生产环境（GOUMAI_ENV=production）拒绝执行。"

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("生产环境不创建演示账号。")
        if not Region.objects.filter(level=Region.Level.TOWNSHIP).exists():
            call_command("load_regions", stdout=self.stdout)
        call_command("load_catalog", stdout=self.stdout)
        call_command("load_frameworks", stdout=self.stdout)
        if tasks := load_work_plan():
            self.stdout.write(f"工作方案任务：新增 {tasks} 项。")
        password = os.environ.get("GOUMAI_DEMO_PASSWORD", "goumai-demo")
        accounts = create_demo_accounts(password=password)
        if tasks := create_demo_tasks(county_codes=DEMO_COUNTIES, today=china_today()):
            self.stdout.write(f"演示督办任务：新增 {tasks} 项（即将到期、已逾期、已完成）。")
        made = create_demo_purchases(county_codes=DEMO_COUNTIES)
        if made:
            self.stdout.write(f"演示项目：新建 {made} 个，覆盖全部项目状态。")
        if applied := create_demo_pilots():
            self.stdout.write(
                f"演示试点申报：{applied} 个县申报，5 位专家评审，已遴选并公布试点县。"
            )
        if create_demo_assessment(year=YEAR, as_of=china_today()):
            self.stdout.write(f"演示目标考核：{YEAR} 年度已按平台数据计算。")
        if create_demo_cases():
            self.stdout.write("演示典型案例：一篇已发布，一篇待审核。")
        for username, name in create_demo_provider_accounts(
            password=password, county_codes=DEMO_COUNTIES
        ):
            accounts.append(DemoAccount(username, name, "承接主体"))
        for username, name in create_demo_bidding(password=password):
            accounts.append(DemoAccount(username, name, "承接主体"))
        width = max(len(a.username) for a in accounts)
        self.stdout.write("")
        self.stdout.write(f"演示账号（密码均为 {password}）：")
        for account in accounts:
            self.stdout.write(f"  {account.username.ljust(width)}  {account.unit}")
        self.stdout.write("")
