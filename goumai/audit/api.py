from __future__ import annotations

from datetime import datetime

from ninja import Router, Schema
from ninja.pagination import paginate

from goumai.audit.selectors import audit_entry_list
from goumai.core.api import Paging

router = Router(tags=["审计日志"])


class AuditEntryOut(Schema):
    seq: int
    created_at: datetime
    actor_label: str
    action: str
    object_type: str
    object_id: str
    object_repr: str
    before: dict
    after: dict
    hash: str
    prev_hash: str


@router.get("/audit-entries", response=list[AuditEntryOut], summary="管辖范围内对象的审计记录")
@paginate(Paging)
def list_audit_entries(request, object_type: str | None = None, object_id: str | None = None):
    return audit_entry_list(actor=request.auth, object_type=object_type, object_id=object_id)
