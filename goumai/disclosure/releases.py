"""Open Contracting (OCDS 1.1.5) from what was published.

Each project is one contracting process, ``ocid`` = ``GOUMAI_OCID_PREFIX`` + "-" +
the project's id. Each publication is one release, built from its frozen snapshot
only — so OCDS can never say more than the portal — with the tag of its stage
(``planning``, ``tender``, ``award``, ``contract``, ``implementation``; a correction
takes the matching ``*Update``). What OCDS lacks (catalog item, service areas, the
performance evaluation) is in goumai's extension (``ocds/extension/``). Records
carry every release of a process and the compiled release, merged by ``ocdsmerge``
with the official schema shipped in ``ocds/``.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from django.conf import settings
from ocdsmerge import Merger

from goumai.core.crypto import sm3_hex
from goumai.core.dates import china_iso
from goumai.disclosure.models import Publication, Stage

SCHEMAS = Path(__file__).resolve().parent / "ocds"
CURRENCY = "CNY"
TIMEZONE = "+08:00"
TAGS = {
    Stage.PLAN: ("planning", "planningUpdate"),
    Stage.NOTICE: ("tender", "tenderUpdate"),
    Stage.AWARD: ("award", "awardUpdate"),
    Stage.CONTRACT: ("contract", "contractUpdate"),
    Stage.ACCEPTANCE: ("implementation", "implementationUpdate"),
    Stage.EVALUATION: ("implementation", "implementationUpdate"),
}
AMENDED_CONTRACT = "contractAmendment"
METHODS = {
    "公开招标": "open",
    "邀请招标": "selective",
    "框架协议": "selective",
    "竞争性谈判": "limited",
    "竞争性磋商": "limited",
    "询价": "limited",
    "单一来源": "direct",
    "小额自行采购": "direct",
}


def prefix() -> str:
    return getattr(settings, "GOUMAI_OCID_PREFIX", "ocds-goumai")


def ocid_of(project_id: int) -> str:
    return f"{prefix()}-{project_id}"


def project_id_of(ocid: str) -> int | None:
    """The project id in one of our ocids; None for anything else."""
    prefix = ocid_of(0)[:-1]
    rest = ocid[len(prefix) :] if ocid.startswith(prefix) else ""
    return int(rest) if rest.isdigit() else None


@cache
def schema(name: str = "release-schema.json") -> dict:
    return json.loads((SCHEMAS / name).read_text(encoding="utf-8"))


@cache
def merger() -> Merger:
    """One merger for every record: building its rules from the schema is the slow part."""
    return Merger(schema=schema())


def _when(day: str | None) -> str | None:
    """An OCDS date-time from an ISO date (midnight, Beijing time)."""
    if not day:
        return None
    return day if "T" in day else f"{day}T00:00:00{TIMEZONE}"


def _money(amount) -> dict | None:
    return None if amount in (None, "") else {"amount": float(amount), "currency": CURRENCY}


def _party(provider: dict) -> dict:
    """A supplier: organisations by their 统一社会信用代码 (CN-USCC); an individual
    by name only (the masked number is not an identifier)."""
    identifier = provider.get("identifier") or ""
    party = {"name": provider["name"], "roles": ["supplier"]}
    if identifier and "*" not in identifier:
        party["id"] = f"CN-USCC-{identifier}"
        party["identifier"] = {"scheme": "CN-USCC", "id": identifier, "legalName": provider["name"]}
    else:
        party["id"] = f"person-{sm3_hex(provider['name'])[:16]}"
    if provider.get("region"):
        party["address"] = {"region": provider["region"], "countryName": "中国"}
    return party


def _buyer(project: dict) -> dict:
    """The purchaser: by its 统一社会信用代码 when recorded (CN-USCC), else by the
    platform's unit code under the publisher prefix (snapshots published before
    units carried codes name it by its region)."""
    party = {
        "name": project["purchaser"],
        "roles": ["buyer", "procuringEntity"],
        "address": {"region": project["region_code"], "countryName": "中国"},
    }
    credit_code = project.get("purchaser_credit_code")
    if credit_code:
        party["id"] = f"CN-USCC-{credit_code}"
        party["identifier"] = {
            "scheme": "CN-USCC",
            "id": credit_code,
            "legalName": project["purchaser"],
        }
    elif project.get("purchaser_code"):
        party["id"] = f"{prefix()}-org-{project['purchaser_code']}"
    else:
        party["id"] = f"CN-BUYER-{project['region_code']}"
    return party


def release(publication: Publication) -> dict:
    snap = publication.snapshot
    stage = publication.stage
    project = snap["project"]
    ocid = ocid_of(publication.project_id)
    if stage == Stage.ENDING:
        return _ending(publication, ocid_of(publication.project_id))
    base, update = TAGS[stage]
    buyer = _buyer(project)
    tag = update if publication.version > 1 else base
    if stage == Stage.CONTRACT and publication.version > 1 and snap[stage].get("amendments"):
        tag = AMENDED_CONTRACT
    out: dict = {
        "ocid": ocid,
        "id": f"{ocid}-{publication.seq}",
        "date": china_iso(publication.published_at),
        "tag": [tag],
        "initiationType": "tender",
        "language": "zh",
        "buyer": {"id": buyer["id"], "name": buyer["name"]},
        "parties": [buyer],
    }
    tender = {
        "id": f"{ocid}-tender",
        "title": project["title"],
        "mainProcurementCategory": "services",
        "catalogItem": project.get("catalog_item"),
    }
    content = snap[stage]
    if stage == Stage.PLAN:
        line = content.get("budget_line") or {}
        out["planning"] = {
            "budget": {
                "description": " · ".join(
                    v for v in (line.get("name"), line.get("funding_source")) if v
                ),
                "amount": _money(content["budget_amount"]),
            },
            "rationale": content.get("content") or "",
        }
        tender |= {
            "description": content.get("content") or "",
            "status": "planning",
            "value": _money(content["budget_amount"]),
            "serviceAreas": content.get("service_areas") or [],
        }
        out["tender"] = tender
    elif stage == Stage.NOTICE:
        tender |= {
            "status": "active",
            "procurementMethod": METHODS.get(content["method"], "limited"),
            "procurementMethodDetails": content["method"],
            "tenderPeriod": {
                "startDate": _when(content["announced_on"]),
                "endDate": _when(content.get("deadline")),
            },
        }
        if content.get("single_source_justification"):
            tender["procurementMethodRationale"] = content["single_source_justification"]
        out["tender"] = tender
        for invited in content.get("invited") or []:
            party = _party(invited)
            party["roles"] = ["tenderer"]
            out["parties"].append(party)
    elif stage == Stage.AWARD:
        supplier = _party(content["provider"])
        out["parties"].append(supplier)
        out["tender"] = tender | {
            "status": "complete",
            "procurementMethod": METHODS.get(content["method"], "limited"),
            "procurementMethodDetails": content["method"],
            "numberOfTenderers": len(content.get("bids") or []),
        }
        out["awards"] = [
            {
                "id": f"{ocid}-award",
                "status": "active",
                "date": _when(content["awarded_on"]),
                "value": _money(content["amount"]),
                "description": content["reasons"]
                + (
                    f"（未选排名第一的理由：{content['deviation_reason']}）"
                    if content.get("deviation_reason")
                    else ""
                ),
                "suppliers": [{"id": supplier["id"], "name": supplier["name"]}],
            }
        ]
    elif stage == Stage.CONTRACT:
        supplier = _party(content["provider"])
        out["parties"].append(supplier)
        out["contracts"] = [
            {
                "id": f"{ocid}-contract",
                "awardID": f"{ocid}-award",
                "title": content["number"],
                "description": content.get("quantity_quality") or "",
                "status": "active",
                "value": _money(content["amount"]),
                "period": {
                    "startDate": _when(content["start_date"]),
                    "endDate": _when(content["end_date"]),
                },
                "dateSigned": _when(content["signed_on"]),
                "milestones": [
                    {
                        "id": f"{ocid}-milestone-{n}",
                        "title": m["name"],
                        "type": "delivery",
                        "dueDate": _when(m["due_date"]),
                        "value": _money(m["amount"]),
                        "status": "scheduled",
                    }
                    for n, m in enumerate(content.get("milestones") or [], start=1)
                ],
            }
        ]
    elif stage == Stage.ACCEPTANCE:
        out["contracts"] = [
            {
                "id": f"{ocid}-contract",
                "awardID": f"{ocid}-award",
                "implementation": {
                    "milestones": [
                        {
                            "id": f"{ocid}-milestone-{n}",
                            "title": m["name"],
                            "type": "delivery",
                            "dueDate": _when(m["due_date"]),
                            "dateMet": _when(m.get("accepted_on")),
                            "status": "met" if m.get("accepted_on") else "scheduled",
                            "description": m.get("note") or "",
                        }
                        for n, m in enumerate(content.get("milestones") or [], start=1)
                    ],
                },
            }
        ]
    elif stage == Stage.EVALUATION:
        out["performanceEvaluation"] = {
            "score": content.get("score"),
            "grade": content.get("grade"),
            "framework": content.get("framework"),
            "parts": content.get("parts") or [],
            "satisfaction": content.get("satisfaction"),
            "finishedDate": _when(content.get("finished_on")),
        }
    return out


def _ending(publication: Publication, ocid: str) -> dict:
    """A withdrawn purchase cancels the tender; a terminated one its contract."""
    snap = publication.snapshot
    content = snap[Stage.ENDING]
    project = snap["project"]
    terminated = content["status"] == "已终止"
    buyer = _buyer(project)
    out = {
        "ocid": ocid,
        "id": f"{ocid}-{publication.seq}",
        "date": china_iso(publication.published_at),
        "tag": ["contractTermination" if terminated else "tenderCancellation"],
        "initiationType": "tender",
        "language": "zh",
        "buyer": {"id": buyer["id"], "name": buyer["name"]},
        "parties": [buyer],
    }
    if terminated:
        out["contracts"] = [
            {
                "id": f"{ocid}-contract",
                "awardID": f"{ocid}-award",
                "status": "terminated",
                "description": content.get("reason") or "",
            }
        ]
    else:
        out["tender"] = {
            "id": f"{ocid}-tender",
            "status": "cancelled",
            "description": content.get("reason") or "",
        }
    return out


def package_meta() -> dict:
    return {
        "uri": "",
        "version": "1.1",
        "publishedDate": "",
        "publisher": {"name": getattr(settings, "GOUMAI_PUBLISHER_NAME", "四川省财政厅")},
        "license": "https://creativecommons.org/licenses/by/4.0/",
        "publicationPolicy": "/public/",
        "extensions": [
            getattr(settings, "GOUMAI_OCDS_EXTENSION_URL", "/ocds/extension/extension.json")
        ],
    }


def record_package(ocid: str, releases: list[dict], *, published: str, uri: str) -> dict:
    """Every release of one process and the compiled release (ocdsmerge, with the
    official schema)."""
    ordered = sorted(releases, key=lambda r: r["date"])
    compiled = merger().create_compiled_release(ordered)
    return package_meta() | {
        "uri": uri,
        "publishedDate": published,
        "records": [{"ocid": ocid, "releases": ordered, "compiledRelease": compiled}],
    }
