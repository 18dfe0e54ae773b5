"""``goumai ocds export --out FILE [--records]``: every published release as one
release package (or one record package), written as it is read, so memory stays
flat however many projects the province has."""

import json

from django.core.management.base import BaseCommand
from django.utils import timezone

from goumai.core.dates import china_iso
from goumai.disclosure import releases
from goumai.disclosure.models import Publication


class Command(BaseCommand):
    help = "导出 OCDS 开放数据：export --out 文件 [--records]（流式写出，内存占用不随数据量增长）。"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["export"])
        parser.add_argument("--out", required=True)
        parser.add_argument("--records", action="store_true", help="导出记录包（含合并后的发布）")

    def handle(self, *args, action, out, records, **options):
        meta = releases.package_meta() | {
            "uri": f"file://{out}",
            "publishedDate": china_iso(timezone.now()),
        }
        key = "records" if records else "releases"
        head = json.dumps(meta, ensure_ascii=False)[:-1] + f', "{key}": ['
        count = 0
        with open(out, "w", encoding="utf-8") as stream:
            stream.write(head)
            for item in self._records() if records else self._releases():
                stream.write(("," if count else "") + json.dumps(item, ensure_ascii=False))
                count += 1
            stream.write("]}")
        self.stdout.write(f"已导出 {count:,} 个{'记录' if records else '发布'}到 {out}。")

    def _releases(self):
        for publication in Publication.objects.order_by("seq").iterator(chunk_size=2000):
            yield releases.release(publication)

    def _records(self):
        current, batch = None, []
        rows = Publication.objects.order_by("project_id", "seq").iterator(chunk_size=2000)
        for publication in rows:
            if current is not None and publication.project_id != current:
                yield self._record(current, batch)
                batch = []
            current = publication.project_id
            batch.append(releases.release(publication))
        if batch:
            yield self._record(current, batch)

    def _record(self, project_id, items):
        ocid = releases.ocid_of(project_id)
        return releases.record_package(ocid, items, published="", uri="")["records"][0]
