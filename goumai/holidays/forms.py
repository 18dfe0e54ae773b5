from django import forms

from goumai.core.forms import DomainErrorFormMixin

LINES_HELP = (
    "每行一个日期或一段日期和节日名称，如“2027-02-05 至 2027-02-11 春节”或“2027-01-01 元旦”。"
)


class YearForm(DomainErrorFormMixin, forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    notice = forms.CharField(
        label="依据",
        max_length=200,
        help_text="国务院办公厅关于该年部分节假日安排的通知（文号或标题）",
    )
    holidays = forms.CharField(
        label="放假安排",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=LINES_HELP + "通知中“放假调休”的每一天都要写上（含其中的周末）。",
    )
    workdays = forms.CharField(
        label="调休上班的周末",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="通知中写明“上班”的星期六、星期日，如“2027-02-14 春节”。",
    )


class ImportForm(DomainErrorFormMixin, forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    notice = forms.CharField(label="依据", max_length=200)
    file = forms.FileField(
        label="工作簿（.xlsx）",
        help_text="三列：日期、类型（放假 / 上班）、节日；可先下载某一年度作为样式。",
    )
