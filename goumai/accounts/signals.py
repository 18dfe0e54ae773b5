"""Tokens end with the session that made them safe: a browser logout ends every
API token of the user ("log out everywhere"), and so does deactivating an account,
by whatever path (a page, the admin, the shell). A new password by any path ends
them too, through the token's password stamp (``services.token_user``).

A successful login clears the account's failed tries (``login_guard``)."""

from __future__ import annotations

from goumai.accounts.login_guard import clear_account
from goumai.accounts.services import tokens_revoke_all


def logged_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        tokens_revoke_all(user=user)


def user_saved(sender, instance, created, **kwargs) -> None:
    if not created and not instance.is_active:
        tokens_revoke_all(user=instance)


def logged_in(sender, request, user, **kwargs) -> None:
    clear_account(user.get_username())
