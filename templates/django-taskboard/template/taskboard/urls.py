from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path

from .kit import web
from .tasks import views

# The shared error pages, in every mode (DEBUG shows Django's own for a 404 only).
handler404 = web.not_found
handler500 = web.server_error

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("schema", login_not_required(web.schema_page), name="schema"),
    path("", include("taskboard.tasks.urls")),
]
