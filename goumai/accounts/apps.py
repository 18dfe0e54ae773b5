from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "goumai.accounts"
    label = "accounts"
    verbose_name = "单位与账号"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_logged_out
        from django.db.models.signals import post_save

        from goumai.accounts import signals

        user_logged_out.connect(signals.logged_out, dispatch_uid="goumai-logout-revokes-tokens")
        user_logged_in.connect(signals.logged_in, dispatch_uid="goumai-login-clears-failures")
        post_save.connect(
            signals.user_saved, sender="accounts.User", dispatch_uid="goumai-deactivation"
        )
