from django.contrib import admin

from goumai.audit.admin import AuditedAdmin
from goumai.regions.models import EconomicRegion, Region, ServiceArea


class ServiceAreaInline(admin.TabularInline):
    model = ServiceArea
    extra = 0


@admin.register(EconomicRegion)
class EconomicRegionAdmin(AuditedAdmin):
    list_display = ["name", "code", "sort_order"]


@admin.register(Region)
class RegionAdmin(AuditedAdmin):
    list_display = [
        "code",
        "name",
        "level",
        "kind",
        "parent",
        "merged_unit_count",
        "population",
        "is_active",
    ]
    list_filter = ["level", "kind", "is_active"]
    search_fields = ["code", "name"]
    readonly_fields = ["code", "level", "kind", "parent", "path", "updated_at"]
    list_select_related = ["parent"]


@admin.register(ServiceArea)
class ServiceAreaAdmin(AuditedAdmin):
    list_display = ["name", "township", "sort_order"]
    search_fields = ["name", "township__name"]
    raw_id_fields = ["township"]
