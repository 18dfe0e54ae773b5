from django.urls import path

from goumai.projects import views

app_name = "projects"
urlpatterns = [
    path("", views.project_list_page, name="list"),
    path("new/", views.project_create_page, name="create"),
    path("<int:project_id>/", views.project_detail_page, name="detail"),
    path("<int:project_id>/edit/", views.project_edit_page, name="edit"),
    path("<int:project_id>/do/<str:action>/", views.project_transition_view, name="transition"),
    path("<int:project_id>/procurement/", views.procurement_start_page, name="procurement_start"),
    path("<int:project_id>/procurement/invite/", views.invite_view, name="invite"),
    path("<int:project_id>/procurement/bids/", views.bid_view, name="bid"),
    path(
        "<int:project_id>/procurement/bids/<int:bid_id>/disqualify/",
        views.disqualify_view,
        name="disqualify",
    ),
    path("<int:project_id>/procurement/bids/<int:bid_id>/award/", views.award_view, name="award"),
    path("<int:project_id>/contract/", views.contract_sign_page, name="contract_sign"),
    path("<int:project_id>/contract/amend/", views.amendment_view, name="amend"),
    path(
        "<int:project_id>/milestones/<int:milestone_id>/accept/",
        views.milestone_accept_view,
        name="milestone_accept",
    ),
    path("<int:project_id>/milestones/<int:milestone_id>/pay/", views.payment_view, name="payment"),
]
