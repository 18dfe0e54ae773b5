from django.contrib.auth import views as auth_views
from django.urls import path

from goumai.accounts import views
from goumai.accounts.forms import LoginForm

app_name = "accounts"
urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html",
            authentication_form=LoginForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChange.as_view(), name="password_change"),
    path("org-units/", views.org_unit_list_page, name="org_units"),
    path("org-units/credit-code/", views.own_credit_code, name="own_credit_code"),
]
