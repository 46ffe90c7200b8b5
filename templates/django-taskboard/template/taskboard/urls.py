from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from .tasks import views

handler404 = views.not_found  # the shared error page (DEBUG shows Django's own)

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("schema", views.schema_page, name="schema"),
    path("", include("taskboard.tasks.urls")),
]
