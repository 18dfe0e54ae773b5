"""How a published snapshot reads on the portal: Chinese labels for its keys."""

from __future__ import annotations

LABELS = {
    "content": "服务内容",
    "standards": "服务标准",
    "requirements": "服务要求",
    "beneficiaries": "服务对象",
    "planned_people": "计划服务人数",
    "evaluation_standards": "绩效评价标准",
    "budget_amount": "预算（元）",
    "budget_line": "预算项目",
    "funding_source": "资金来源",
    "planned_method": "拟采用采购方式",
    "service_areas": "服务片区",
    "method": "采购方式",
    "announced_on": "公告日期",
    "deadline": "截止日期",
    "single_source_justification": "单一来源理由",
    "invited": "邀请的承接主体",
    "provider": "承接主体",
    "amount": "金额（元）",
    "awarded_on": "成交日期",
    "reasons": "成交理由",
    "deviation_reason": "未选排名第一的理由",
    "bids": "响应情况",
    "opened_at": "开标时间",
    "opening_sheet": "开标记录",
    "submitted_at": "递交时间",
    "number": "合同编号",
    "amount_in_words": "金额大写",
    "start_date": "服务开始",
    "end_date": "服务结束",
    "signed_on": "签订日期",
    "term_justification": "跨年度理由",
    "quantity_quality": "数量与质量要求",
    "settlement": "结算方式",
    "liabilities": "违约责任",
    "milestones": "履约节点",
    "amendments": "合同变更",
    "paid": "已支付（元）",
    "framework": "指标体系",
    "score": "综合得分",
    "grade": "等级",
    "parts": "各评价方得分",
    "third_party": "第三方评价机构",
    "satisfaction": "服务对象满意度",
    "finished_on": "评价完成日期",
    "name": "名称",
    "kind": "类型",
    "identifier": "统一社会信用代码",
    "region": "所在地",
    "due_date": "计划完成",
    "accepted_on": "验收日期",
    "note": "验收意见",
    "early_acceptance_reason": "提前验收理由",
    "disqualified": "无效",
    "disqualification_reason": "无效原因",
    "reason": "理由",
    "date": "日期",
    "part": "评价方",
    "answers": "答卷数",
    "status": "状态",
}


def text(value) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if value is True:
        return "是"
    if value is False:
        return "否"
    if isinstance(value, dict):
        # "id" links a provider to its page; it says nothing to a reader.
        return "，".join(
            f"{LABELS.get(k, k)}：{text(v)}"
            for k, v in value.items()
            if v not in ("", None) and k != "id"
        )
    if isinstance(value, list):
        return "；".join(text(v) for v in value)
    return str(value)


def rows(stage_content: dict) -> list[tuple[str, str]]:
    return [(LABELS.get(key, key), text(value)) for key, value in stage_content.items()]
