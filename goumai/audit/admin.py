from django.contrib import admin

from goumai.audit.models import AuditEntry
from goumai.audit.services import audit, audited, created, deleted, snapshot, updated


class AuditedAdmin(admin.ModelAdmin):
    """Admin edits are business changes too: each save and delete is audited."""

    def save_model(self, request, obj, form, change):
        with audited():
            before = snapshot(type(obj).objects.get(pk=obj.pk)) if change else None
            super().save_model(request, obj, form, change)
            audit(actor=request.user, changes=[updated(obj, before) if change else created(obj)])

    def delete_model(self, request, obj):
        with audited():
            audit(actor=request.user, changes=[deleted(obj)])
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with audited():
            audit(actor=request.user, changes=[deleted(obj) for obj in queryset])
            super().delete_queryset(request, queryset)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["seq", "created_at", "actor_label", "action", "object_type", "object_repr"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_repr", "actor_label", "object_id"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
