import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from goumai.disclosure import log
from goumai.disclosure.services import log_document


class Command(BaseCommand):
    help = (
        "信息公开日志：verify FILE 校验下载的日志副本（含每条公开内容），指出第一条不符的记录；"
        "export --out FILE 导出本库的日志。"
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify", "export"])
        parser.add_argument("file", nargs="?")
        parser.add_argument("--out")

    def handle(self, *args, action, file, out, **options):
        if action == "export":
            text = json.dumps(log_document(), ensure_ascii=False)
            if out:
                Path(out).write_text(text, encoding="utf-8")
            else:
                self.stdout.write(text)
            return
        if not file:
            raise CommandError("请给出要校验的日志文件。")
        try:
            document = json.loads(Path(file).read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError(f"无法读取日志文件：{error}") from None
        result = log.verify(document)
        if result.ok:
            self.stdout.write(f"公开日志完整：共 {result.checked} 条，逐条核对一致。")
            return
        self.stderr.write(
            f"公开日志不一致：第 {result.first_bad} 条 — {result.reason}（前 {result.checked} 条一致）。"
        )
        sys.exit(1)
