from django.contrib import admin

from . import models


@admin.register(models.ActionLog)
class ActionLogAdmin(admin.ModelAdmin):
    list_display = ["timestamp", "action_type", "actor", "content_type", "object_id"]
    list_filter = ["action_type"]
    readonly_fields = [f.name for f in models.ActionLog._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
