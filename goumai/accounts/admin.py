from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from goumai.accounts.models import ApiToken, OrgUnit, RoleAssignment, User
from goumai.audit.admin import AuditedAdmin


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


@admin.register(User)
class UserAdmin(AuditedAdmin, DjangoUserAdmin):
    list_display = ["username", "full_name", "org_unit", "is_active", "is_superuser", "last_login"]
    list_filter = ["is_active", "is_superuser"]
    search_fields = ["username", "full_name", "org_unit__name"]
    raw_id_fields = ["org_unit"]
    inlines = [RoleInline]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        ("个人信息", {"fields": ["full_name", "email", "org_unit"]}),
        ("权限", {"fields": ["is_active", "is_staff", "is_superuser"]}),
        ("时间", {"fields": ["last_login", "date_joined"]}),
    ]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["prefix", "user", "created_at", "expires_at", "last_used_at", "revoked_at"]
    readonly_fields = ["user", "key_hash", "prefix", "created_at", "expires_at", "last_used_at"]

    def has_add_permission(self, request):
        return False
