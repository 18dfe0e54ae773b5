"""The cultivation page, at /providers/cultivation/ in the ``providers`` URL namespace
(assembled in ``goumai/urls.py``)."""

from django.urls import path

from goumai.cultivation import views

urlpatterns = [
    path("cultivation/", views.cultivation_page, name="cultivation"),
]
