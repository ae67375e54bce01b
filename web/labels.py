"""The workspace's Chinese words: the official labels of the format and the scorecard's terms.

Keys are the values the warehouse stores (severity, review status, kind) or the ones the workspace's
queries return (publication status, indicator column); the labels are what a supervisor reads.
"""

from __future__ import annotations

from dataclasses import dataclass

# The publication status of an agency-year (query agency_year_status, column publication).
PUBLICATION = {
    "on_time": "按时公布",
    "late": "逾期",
    "not_published": "未公布",
    "not_looked_at": "未核查",
    "date_unknown": "日期不详",
}
# What the agency-year list can be filtered by: the publication status, or the scorecard's verdicts.
STATUS_FILTERS = {
    **PUBLICATION,
    "complete": "报告完整",
    "incomplete": "报告不完整",
    "compliant": "合规",
    "non_compliant": "不合规",
}
SEVERITY = {"error": "错误", "warning": "警告", "info": "提示"}
REVIEW_STATUS = {"accepted": "已确认", "dismissed": "已排除"}
NOT_REVIEWED = "未审核"
KIND = {"government": "人民政府", "department": "政府部门"}
NO_REGION = "未填地区"  # as the scorecard names agencies without a region
ALL_REGIONS = "全部地区"


@dataclass(frozen=True, slots=True)
class Indicator:
    key: str  # column of agency_year_indicators
    label: str
    rate: bool = False  # a share (0–1), shown in percent

    @property
    def heading(self) -> str:
        return f"{self.label}（%）" if self.rate else self.label


# agency_year_indicators, labelled as 表三/表四 and the scorecard print them.
INDICATORS = {
    i.key: i
    for i in (
        Indicator("new_applications", "本年新收申请"),
        Indicator("carried_in", "上年结转"),
        Indicator("handled", "办理总计"),
        Indicator("granted", "予以公开"),
        Indicator("partially_granted", "部分公开"),
        Indicator("withheld", "不予公开"),
        Indicator("unable", "无法提供"),
        Indicator("rejected", "不予处理"),
        Indicator("carried_out", "结转下年度"),
        Indicator("disclosure_rate", "公开率", rate=True),
        Indicator("reviews", "行政复议"),
        Indicator("review_correction_rate", "复议纠错率", rate=True),
        Indicator("lawsuits", "行政诉讼"),
        Indicator("lawsuit_correction_rate", "诉讼纠错率", rate=True),
        Indicator("licensing_decisions", "行政许可决定"),
        Indicator("penalty_decisions", "行政处罚决定"),
    )
}
AGENCY_CHART_COUNTS = ("new_applications", "handled", "granted", "carried_out", "reviews", "lawsuits")
AGENCY_CHART_RATES = ("disclosure_rate", "review_correction_rate", "lawsuit_correction_rate")
DEFAULT_COMPARED = ("new_applications", "disclosure_rate")
