"""URLs in two shared namespaces (goumai/urls.py): the purchaser's under a project,
the provider's under /providers/."""

from django.urls import path

from goumai.bidding import views

project_urlpatterns = [
    path("<int:project_id>/procurement/tender/", views.tender_page, name="tender"),
]
provider_urlpatterns = [
    path("tenders/", views.own_tenders_page, name="tenders"),
    path("tenders/<int:tender_id>/", views.bidder_page, name="tender"),
    path("tenders/<int:tender_id>/files/<int:document_id>/", views.bidder_file, name="tender_file"),
]
