from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.core.exceptions import ValidationError

from goumai.accounts.models import ApiToken, LoginFailure, OrgUnit, RoleAssignment, User
from goumai.accounts.services import login_unlock
from goumai.audit.admin import AuditedAdmin
from goumai.core.errors import DomainError


@admin.register(OrgUnit)
class OrgUnitAdmin(AuditedAdmin):
    list_display = ["code", "name", "kind", "sector", "region", "is_active"]
    list_filter = ["kind", "sector", "is_active"]
    search_fields = ["code", "name"]
    raw_id_fields = ["region"]
    list_select_related = ["region"]


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0


class UserForm(UserChangeForm):
    """An account belongs to a government unit or to a provider, never both."""

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("org_unit") and cleaned.get("provider"):
            raise ValidationError("账号只能属于一个单位或一个承接主体，不能同时属于两者。")
        return cleaned


@admin.register(User)
class UserAdmin(AuditedAdmin, DjangoUserAdmin):
    form = UserForm
    list_display = ["username", "full_name", "org_unit", "is_active", "is_superuser", "last_login"]
    list_filter = ["is_active", "is_superuser"]
    search_fields = ["username", "full_name", "org_unit__name"]
    raw_id_fields = ["org_unit", "provider"]
    inlines = [RoleInline]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (
            "个人信息",
            {
                "fields": ["full_name", "email", "org_unit", "provider"],
                "description": "政府部门的账号填“单位”；承接主体的账号填“承接主体”（二者只填其一）。",
            },
        ),
        ("权限", {"fields": ["is_active", "is_staff", "is_superuser"]}),
        ("时间", {"fields": ["last_login", "date_joined"]}),
    ]
    actions = ["unlock_login"]

    @admin.action(description="解除所选账号的登录限制（记入审计）")
    def unlock_login(self, request, queryset):
        cleared = 0
        for user in queryset:
            try:
                cleared += login_unlock(actor=request.user, username=user.username)
            except DomainError as error:
                self.message_user(request, error.message, messages.ERROR)
                return
        self.message_user(request, f"已清除 {cleared} 条登录失败记录。", messages.SUCCESS)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["prefix", "user", "created_at", "expires_at", "last_used_at", "revoked_at"]
    readonly_fields = ["user", "key_hash", "prefix", "created_at", "expires_at", "last_used_at"]

    def has_add_permission(self, request):
        return False


# Clearing failed logins unlocks: only through an audited path.
admin.site.unregister(AccessAttempt)


@admin.register(LoginFailure)
class LoginFailureAdmin(AuditedAdmin, AccessAttemptAdmin):
    actions = []

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
