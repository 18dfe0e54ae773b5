"""Contract pages, under /projects/<id>/ in the ``projects`` URL namespace
(assembled in ``goumai/urls.py``)."""

from django.urls import path

from goumai.contracts import views

urlpatterns = [
    path("<int:project_id>/contract/", views.contract_sign_page, name="contract_sign"),
    path("<int:project_id>/contract/amend/", views.amendment_view, name="amend"),
    path(
        "<int:project_id>/milestones/<int:milestone_id>/accept/",
        views.milestone_accept_view,
        name="milestone_accept",
    ),
    path("<int:project_id>/milestones/<int:milestone_id>/pay/", views.payment_view, name="payment"),
]
