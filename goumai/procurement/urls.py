"""Procurement pages, under /projects/<id>/procurement/ in the ``projects`` URL
namespace (assembled in ``goumai/urls.py``)."""

from django.urls import path

from goumai.procurement import views

urlpatterns = [
    path("<int:project_id>/procurement/", views.procurement_start_page, name="procurement_start"),
    path("<int:project_id>/procurement/invite/", views.invite_view, name="invite"),
    path("<int:project_id>/procurement/bids/", views.bid_view, name="bid"),
    path(
        "<int:project_id>/procurement/bids/<int:bid_id>/disqualify/",
        views.disqualify_view,
        name="disqualify",
    ),
    path("<int:project_id>/procurement/bids/<int:bid_id>/award/", views.award_view, name="award"),
]
