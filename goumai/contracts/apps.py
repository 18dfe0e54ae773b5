from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "goumai.contracts"
    label = "contracts"
    verbose_name = "合同与支付"

    def ready(self):
        from goumai.contracts.services import (
            contract_before_signing,
            milestones_before_acceptance,
            payment_due_fill,
        )
        from goumai.holidays.services import on_year_saved
        from goumai.projects.lifecycle import register_precondition

        register_precondition("sign", contract_before_signing)
        register_precondition("accept", milestones_before_acceptance)
        on_year_saved(payment_due_fill)
