from django.core.management.base import BaseCommand, CommandError

from goumai.audit.verify import verify_chain


class Command(BaseCommand):
    help = "审计日志工具。verify：校验整条 SM3 哈希链，指出第一条被改动或删除的记录。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="校验审计哈希链")

    def handle(self, *args, action: str, **options):
        if action == "verify":
            report = verify_chain()
            if not report.ok:
                raise CommandError(
                    f"审计链校验失败：{report.reason}。已校验完好的记录 {report.checked} 条。"
                )
            self.stdout.write(self.style.SUCCESS(f"审计链完好：共 {report.checked} 条记录。"))
