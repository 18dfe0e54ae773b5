from django import forms

from goumai.core.forms import DATE_INPUT, DomainErrorFormMixin
from goumai.core.roles import Sector
from goumai.providers.models import CreditRecord, Provider, Size, SupportRecord


class ProviderForm(DomainErrorFormMixin, forms.Form):
    name = forms.CharField(label="名称", max_length=200)
    kind = forms.ChoiceField(label="类型", choices=Provider.Kind.choices)
    credit_code = forms.CharField(
        label="统一社会信用代码", max_length=30, required=False, help_text="组织填写。"
    )
    id_number = forms.CharField(
        label="居民身份证号码",
        max_length=18,
        required=False,
        help_text="个人承接主体填写；登记后只显示部分号码。",
    )


class OwnDetailsForm(DomainErrorFormMixin, forms.Form):
    phone = forms.CharField(label="联系电话", max_length=30, required=False)
    staff_count = forms.IntegerField(label="从业人员数", min_value=0, required=False)
    size = forms.ChoiceField(
        label="企业规模（自行声明）",
        choices=[("", "不适用 / 未声明"), *Size.choices],
        required=False,
        help_text="按中小企业划型标准声明；中小企业的服务费在验收后 30 日内（合同约定的不超过 60 日）支付。",
    )
    capacity = forms.CharField(label="服务能力说明", max_length=300, required=False)
    bank_name = forms.CharField(label="开户银行", max_length=100, required=False)
    bank_account = forms.CharField(label="银行账号", max_length=40, required=False)


class ServicesForm(DomainErrorFormMixin, forms.Form):
    sectors = forms.MultipleChoiceField(
        label="服务行业",
        choices=Sector.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    catalog_items = forms.TypedMultipleChoiceField(
        label="可承接的目录条目", coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )


class QualificationForm(DomainErrorFormMixin, forms.Form):
    name = forms.CharField(label="资质名称", max_length=100)
    number = forms.CharField(label="证书编号", max_length=60, required=False)
    valid_from = forms.DateField(label="有效期起", widget=DATE_INPUT)
    valid_until = forms.DateField(label="有效期至", required=False, widget=DATE_INPUT)


class CreditForm(DomainErrorFormMixin, forms.Form):
    kind = forms.ChoiceField(label="类型", choices=CreditRecord.Kind.choices)
    source = forms.CharField(label="来源", max_length=100)
    recorded_on = forms.DateField(label="认定日期", widget=DATE_INPUT)
    expires_on = forms.DateField(label="移出（失效）日期", required=False, widget=DATE_INPUT)
    description = forms.CharField(label="事由", max_length=300, required=False)


class SupportForm(DomainErrorFormMixin, forms.Form):
    kind = forms.ChoiceField(label="培育方式", choices=SupportRecord.Kind.choices)
    given_on = forms.DateField(label="日期", widget=DATE_INPUT)
    description = forms.CharField(label="内容", max_length=300, required=False)
