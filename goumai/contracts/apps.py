from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "goumai.contracts"
    label = "contracts"
    verbose_name = "合同与支付"
