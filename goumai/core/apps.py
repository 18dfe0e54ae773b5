from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "goumai.core"
    label = "core"
    verbose_name = "平台"

    def ready(self) -> None:
        from django.db.models.signals import pre_save

        from goumai.core.limits import check_before_save

        # Every model of goumai's apps (not Django's own, nor third parties').
        def limits(sender, **kwargs):
            if sender.__module__.startswith("goumai."):
                check_before_save(sender, **kwargs)

        pre_save.connect(limits, dispatch_uid="goumai-column-limits", weak=False)
